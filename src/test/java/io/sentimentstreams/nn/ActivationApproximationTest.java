package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The approximate tanh and sigmoid that float networks use (see {@link Mem#rationalTanh}) against the exact
 * functions, on a grid of 3.2 million points over [-40, 40] (step 2.5e-5, finer than the features of the rational
 * function) plus the clamp and the special values.
 */
class ActivationApproximationTest {

    private static final double FROM = -40;
    private static final double TO = 40;
    private static final double STEP = 2.5e-5;

    @Test
    void shouldApproximateTanhWithinItsStatedError() {
        double worst = 0;
        double at = 0;
        for (double x = FROM; x <= TO; x += STEP) {
            final double error = Math.abs(Mem.rationalTanh(x) - Math.tanh(x));
            if (error > worst) {
                worst = error;
                at = x;
            }
        }
        assertTrue(worst <= Mem.TANH_MAX_ERROR, String.format("tanh is off by %.3e at x = %.5f, stated %.1e",
                worst, at, Mem.TANH_MAX_ERROR));
    }

    @Test
    void shouldApproximateSigmoidWithinItsStatedError() {
        final int n = (int) ((TO - FROM) / STEP) + 1;
        final double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = FROM + i * STEP;
        }
        final double[] approximated = values.clone();
        Mem.sigmoid(approximated, 0, n, false);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(approximated[i] - 1.0 / (1.0 + Math.exp(-values[i]))));
        }
        assertTrue(worst <= Mem.SIGMOID_MAX_ERROR, String.format("sigmoid is off by %.3e, stated %.1e", worst,
                Mem.SIGMOID_MAX_ERROR));
    }

    @Test
    void shouldRoundSaturatedTanhToExactlyOneInFloat() {
        for (double x = 8; x <= TO; x += STEP) {
            if ((float) Math.tanh(x) == 1.0f) {
                assertEquals(1.0f, (float) Mem.rationalTanh(x), "tanh(" + x + ") in float");
                assertEquals(-1.0f, (float) Mem.rationalTanh(-x), "tanh(" + -x + ") in float");
            }
        }
        assertEquals(1.0f, (float) Mem.rationalTanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0f, (float) Mem.rationalTanh(Double.NEGATIVE_INFINITY));
    }

    @Test
    void shouldStayOddAndMonotone() {
        double previous = Mem.rationalTanh(FROM - STEP);
        for (double x = FROM; x <= TO; x += STEP) {
            final double y = Mem.rationalTanh(x);
            assertEquals(-y, Mem.rationalTanh(-x), 0.0, "odd at " + x);
            assertTrue(y >= previous, "monotone at " + x);
            previous = y;
        }
    }

    @Test
    void shouldKeepNaNSoANumericFailureStaysVisible() {
        assertTrue(Double.isNaN(Mem.rationalTanh(Double.NaN)));
        final double[] a = {Double.NaN};
        Mem.sigmoid(a, 0, 1, false);
        assertTrue(Double.isNaN(a[0]));
    }
}
