package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates parameters from their accumulated gradients. Order of use for each mini-batch:
 * <ol>
 *   <li>forward and backward accumulate into {@link Param#grad()} (zero before the first batch);</li>
 *   <li>{@link #step} clips the gradients by their global norm, applies the update rule, and zeroes the
 *       gradients for the next batch.</li>
 * </ol>
 * Clipping lives here, never inside backward. The optimizer's state (moments, step count) can be exported and
 * restored so training resumes exactly where it stopped.
 */
public sealed interface Optimizer permits Sgd, Adam {

    /** One update; returns the global gradient norm before clipping. */
    double step(List<Param> params);

    /** Steps taken so far. */
    long steps();

    /** State arrays in a stable order (empty for plain SGD); restored by {@link #restore}. */
    List<INDArray> state();

    void restore(long steps, List<INDArray> state);

    /** A copy of per-parameter rates after checking each is a finite number in [0, 1]; null stays null (all 1). */
    static double[] checkedRates(final double[] rates) {
        if (rates == null) {
            return null;
        }
        for (final double rate : rates) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("each parameter's rate must be in [0, 1], got " + rate);
            }
        }
        return rates.clone();
    }

    /** The rate of parameter i: 1 without rates; the rates must then name every parameter. */
    static double rate(final double[] rates, final List<Param> params, final int i) {
        if (rates == null) {
            return 1.0;
        }
        if (rates.length != params.size()) {
            throw new IllegalArgumentException("rates for " + rates.length + " parameters, stepping "
                    + params.size());
        }
        return rates[i];
    }

    /**
     * Scales all gradients so their global L2 norm is at most {@code maxNorm} (the cure for exploding gradients);
     * {@code maxNorm <= 0} disables clipping.
     *
     * @return the norm before clipping
     */
    static double clipByGlobalNorm(final List<Param> params, final double maxNorm) {
        final double norm = globalNorm(params);
        if (maxNorm > 0 && norm > maxNorm) {
            final double scale = maxNorm / norm;
            for (final Param p : params) {
                p.grad().muli(scale);
            }
        }
        return norm;
    }

    /**
     * The L2 norm of all gradients together: not a finite number exactly when some gradient element is NaN or
     * infinite. ND4J accumulates a float array's norm in float, which overflows once an element passes about
     * 1.8e19 (its square passes the float maximum); such a parameter's norm is summed again in double here, so a
     * large but finite gradient still has its finite norm and is clipped, not zeroed by a scale of 0 / ∞.
     */
    static double globalNorm(final List<Param> params) {
        double sumOfSquares = 0;
        for (final Param p : params) {
            double norm = p.grad().norm2Number().doubleValue();
            if (!Double.isFinite(norm)) {
                norm = norm2InDouble(p.grad());
            }
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }

    private static double norm2InDouble(final INDArray gradient) {
        final Mem g = Mem.of(gradient);
        final int length = Math.toIntExact(gradient.length());
        double sumOfSquares = 0;
        for (int i = 0; i < length; i++) {
            final double v = g.get(i);
            sumOfSquares += v * v;
        }
        return Math.sqrt(sumOfSquares);
    }
}
