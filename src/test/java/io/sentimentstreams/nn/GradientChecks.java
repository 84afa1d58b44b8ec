package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central-difference gradient checks in double precision: for every element w of a parameter,
 * {@code (E(w+ε) - E(w-ε)) / 2ε} against the analytic gradient, relative error ≤ 1e-6 with an absolute floor.
 */
final class GradientChecks {

    static final double EPSILON = 1e-6;
    static final double MAX_RELATIVE_ERROR = 1e-6;
    static final double ABSOLUTE_FLOOR = 1e-9;

    private GradientChecks() {
    }

    /** Checks every element of {@code value} against {@code analytic}; {@code loss} recomputes E from scratch. */
    static void check(final String name, final INDArray value, final INDArray analytic, final DoubleSupplier loss) {
        check(name, value, analytic, loss, true);
    }

    /** As above; {@code requireNonZero = false} where an all-zero gradient is the right answer (W_hh at T=1). */
    static void check(final String name, final INDArray value, final INDArray analytic, final DoubleSupplier loss,
                      final boolean requireNonZero) {
        final INDArray flat = value.reshape(value.length());
        final INDArray grad = analytic.reshape(analytic.length());
        int nonZero = 0;
        for (long i = 0; i < flat.length(); i++) {
            final double original = flat.getDouble(i);
            flat.putScalar(i, original + EPSILON);
            final double plus = loss.getAsDouble();
            flat.putScalar(i, original - EPSILON);
            final double minus = loss.getAsDouble();
            flat.putScalar(i, original);
            final double numeric = (plus - minus) / (2 * EPSILON);
            final double exact = grad.getDouble(i);
            final double difference = Math.abs(numeric - exact);
            final double scale = Math.max(Math.abs(numeric), Math.abs(exact));
            final boolean ok = difference <= ABSOLUTE_FLOOR || difference / scale <= MAX_RELATIVE_ERROR;
            assertTrue(ok, String.format("%s[%d]: analytic %.12e, numeric %.12e, relative error %.3e",
                    name, i, exact, numeric, difference / scale));
            if (Math.abs(exact) > ABSOLUTE_FLOOR) {
                nonZero++;
            }
        }
        assertTrue(nonZero > 0 || !requireNonZero, name + ": every gradient is zero, so the check proves nothing");
    }
}
