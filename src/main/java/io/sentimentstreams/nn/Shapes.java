package io.sentimentstreams.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape checks with messages that say what was expected. */
final class Shapes {

    private Shapes() {
    }

    static void check(final INDArray array, final String name, final long... expected) {
        if (!Arrays.equals(array.shape(), expected)) {
            throw new IllegalArgumentException(String.format("expected %s %s, got %s", name,
                    Arrays.toString(expected), Arrays.toString(array.shape())));
        }
    }
}
