package io.sentimentstreams.nn;

import org.nd4j.linalg.factory.Nd4j;

/** The number of native threads ND4J uses for element-wise operations (OpenMP) and for BLAS. */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** Sets both pools; on 2 cores, 1 native thread per Java worker avoids oversubscription stalls. */
    public static void use(final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
