package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The approximate tanh and sigmoid that float networks use (see {@link Mem#rationalTanh}) against the exact
 * functions: on every float in [4, 8), where the largest errors are, on every 16th float elsewhere in [2^-10, 12]
 * and every 4,096th below (where tanh x = x to float precision; beyond 12 both are ±1 in float), both signs through
 * oddness; plus the clamp and the special values.
 */
class ActivationApproximationTest {

    private static final int DENSE_FROM = Float.floatToIntBits(0x1p-10f);
    private static final int EVERY_FROM = Float.floatToIntBits(4f);
    private static final int EVERY_TO = Float.floatToIntBits(8f);
    private static final int TO = Float.floatToIntBits(12f);

    @Test
    void shouldApproximateTanhWithinItsStatedErrorForEveryFloat() {
        double worst = 0;
        float at = 0;
        for (int bits = 0; bits <= TO; bits += stride(bits)) {
            final float x = Float.intBitsToFloat(bits);
            final float y = Mem.rationalTanh(x);
            final double error = Math.abs(y - Math.tanh(x));
            if (error > worst) {
                worst = error;
                at = x;
            }
            assertTrue(y <= 1f, "tanh(" + x + ") = " + y);
            assertEquals(-y, Mem.rationalTanh(-x), 0.0f, "odd at " + x);
        }
        assertTrue(worst <= Mem.TANH_MAX_ERROR, String.format("tanh is off by %.3e at x = %.7f, stated %.1e",
                worst, at, Mem.TANH_MAX_ERROR));
    }

    private static int stride(final int bits) {
        if (bits < DENSE_FROM) {
            return 4_096;
        }
        return bits >= EVERY_FROM && bits < EVERY_TO ? 1 : 16;
    }

    @Test
    void shouldApproximateSigmoidWithinItsStatedError() {
        final int n = 4_000_001;
        final float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = -40f + 80f * i / (n - 1);
        }
        final float[] approximated = values.clone();
        Mem.sigmoid(approximated, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(approximated[i] - 1.0 / (1.0 + Math.exp(-values[i]))));
        }
        assertTrue(worst <= Mem.SIGMOID_MAX_ERROR, String.format("sigmoid is off by %.3e, stated %.1e", worst,
                Mem.SIGMOID_MAX_ERROR));
    }

    @Test
    void shouldSaturateAtExactlyOne() {
        assertEquals(1.0f, Mem.rationalTanh(Float.POSITIVE_INFINITY));
        assertEquals(-1.0f, Mem.rationalTanh(Float.NEGATIVE_INFINITY));
        assertEquals(1.0f, Mem.rationalTanh(12f));
        assertEquals(-1.0f, Mem.rationalTanh(-20f));
    }

    @Test
    void shouldKeepNaNSoANumericFailureStaysVisible() {
        assertTrue(Float.isNaN(Mem.rationalTanh(Float.NaN)));
        final float[] a = {Float.NaN};
        Mem.sigmoid(a, 0, 1);
        assertTrue(Float.isNaN(a[0]));
    }
}
