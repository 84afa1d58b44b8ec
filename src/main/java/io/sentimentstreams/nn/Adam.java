package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba), after global-norm clipping, at step s = 1, 2, ...:
 * <pre>
 *   m ← β1 m + (1-β1) g          v ← β2 v + (1-β2) g²
 *   θ ← θ - η · (√(1-β2^s) / (1-β1^s)) · m / (√v + ε)
 * </pre>
 * The update of each parameter is one fused pass in Java over the native memory of θ, g, m and v (which also
 * clears g), in chunks small enough to stay in cache. That matters for the embedding matrix, whose V×E values are
 * all updated at every step: ND4J's {@code adam_updater}, a subtraction and a clear took three passes and 11 ns a
 * value here; the fused pass takes a fraction of that.
 *
 * <p>{@link #stepIfFinite} is the guarded form for training on data nobody checked: it takes the step only if
 * everything stays a finite number, and otherwise leaves weights, moments and step count exactly as they were.
 */
public final class Adam implements Optimizer {

    private final double learningRate;  // η
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double clipNorm;
    private final double[] rates;  // per parameter, the share of η it is stepped with (null: all 1)
    private List<INDArray> m;  // first moments, one per parameter
    private List<INDArray> v;  // second moments
    private long steps;

    public Adam(final double learningRate, final double clipNorm) {
        this(learningRate, 0.9, 0.999, 1e-8, clipNorm);
    }

    /**
     * Adam with a step size of its own for each parameter: parameter i is stepped with {@code rates[i] · η}
     * (discriminative fine-tuning: the lower layers of a pretrained network move more slowly than the new
     * classifier); a rate of 0 freezes the parameter (its gradient is only cleared, its moments stay as they are).
     */
    public Adam(final double learningRate, final double clipNorm, final double[] rates) {
        this(learningRate, 0.9, 0.999, 1e-8, clipNorm, rates);
    }

    public Adam(final double learningRate, final double beta1, final double beta2, final double epsilon,
                final double clipNorm) {
        this(learningRate, beta1, beta2, epsilon, clipNorm, null);
    }

    private Adam(final double learningRate, final double beta1, final double beta2, final double epsilon,
                 final double clipNorm, final double[] rates) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException(String.format(
                    "expected lr > 0, beta1 and beta2 in [0, 1), epsilon > 0, got lr=%g beta1=%g beta2=%g eps=%g",
                    learningRate, beta1, beta2, epsilon));
        }
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.clipNorm = clipNorm;
        this.rates = Optimizer.checkedRates(rates);
    }

    @Override
    public double step(final List<Param> params) {
        ensureState(params);
        final double norm = Optimizer.clipByGlobalNorm(params, clipNorm);
        final double stepSize = stepSize(steps + 1);
        for (int i = 0; i < params.size(); i++) {
            updateOrClear(params, i, m.get(i), v.get(i), stepSize);
        }
        steps++;
        return norm;
    }

    /**
     * {@link #step}, but only if the step is finite: the mini-batch's {@code loss}, the gradient (its global norm,
     * before clipping) and every weight and moment the update would write must all be finite numbers. The update
     * is first computed without being written, so a refused step changes no weight, no moment and not the step
     * count: the optimizer and the parameters are exactly as before it, and the next step is the one this step
     * would have been. The gradients are cleared either way.
     *
     * @param loss the mean loss of the mini-batch whose gradients the parameters hold
     * @return empty if the step was taken, else the first of loss, gradient, updated weights that was not finite
     */
    public Optional<NonFinite> stepIfFinite(final List<Param> params, final double loss) {
        final Optional<NonFinite> refused = refusal(params, loss);
        if (refused.isPresent()) {
            params.forEach(Param::zeroGrad);
            return refused;
        }
        final double stepSize = stepSize(steps + 1);
        for (int i = 0; i < params.size(); i++) {
            updateOrClear(params, i, m.get(i), v.get(i), stepSize);
        }
        steps++;
        return Optional.empty();
    }

    /** Checks loss, gradient (then clips it) and the update computed without writing it; creates no state. */
    private Optional<NonFinite> refusal(final List<Param> params, final double loss) {
        if (!Double.isFinite(loss)) {
            return Optional.of(NonFinite.LOSS);
        }
        final double norm = Optimizer.globalNorm(params);
        if (!Double.isFinite(norm)) {
            return Optional.of(NonFinite.GRADIENT);
        }
        if (clipNorm > 0 && norm > clipNorm) {
            for (final Param p : params) {
                p.grad().muli(clipNorm / norm);
            }
        }
        final boolean fresh = m == null;
        final List<List<INDArray>> moments = fresh ? zeroMoments(params) : List.of(m, v);
        checkState(params, moments.get(0));
        final double stepSize = stepSize(steps + 1);
        for (int i = 0; i < params.size(); i++) {
            if (rate(params, i) > 0 && !update(params.get(i), moments.get(0).get(i), moments.get(1).get(i),
                    rate(params, i) * stepSize, false)) {
                return Optional.of(NonFinite.WEIGHTS);
            }
        }
        if (fresh) {
            m = moments.get(0);
            v = moments.get(1);
        }
        return Optional.empty();
    }

    /** Parameter i's update at the step size times its rate; a frozen one (rate 0) only has its gradient cleared. */
    private void updateOrClear(final List<Param> params, final int i, final INDArray mArray, final INDArray vArray,
                               final double stepSize) {
        final double rate = rate(params, i);
        if (rate > 0) {
            update(params.get(i), mArray, vArray, rate * stepSize, true);
        } else {
            params.get(i).zeroGrad();
        }
    }

    private double rate(final List<Param> params, final int i) {
        return Optimizer.rate(rates, params, i);
    }

    /** {@code η · √(1-β2^s) / (1-β1^s)} at step s (falling back to ε where that is not a positive number). */
    private double stepSize(final long s) {
        final double size = learningRate * Math.sqrt(1 - Math.pow(beta2, s)) / (1 - Math.pow(beta1, s));
        return Double.isNaN(size) || Double.isInfinite(size) || size == 0 ? epsilon : size;
    }

    /**
     * {@code m ← β1 m + (1-β1) g;  v ← β2 v + (1-β2) g²;  θ ← θ - stepSize · m / (√v + ε);  g ← 0}, chunk by
     * chunk, in the parameter's own precision (as ND4J's updater computed it), so float needs no conversions.
     * With {@code apply} false, nothing is written: the same arithmetic only checks that every new θ, m and v is
     * finite.
     *
     * @return whether every new value is finite (always true when applying, which does not check)
     */
    private boolean update(final Param p, final INDArray mArray, final INDArray vArray, final double stepSize,
                           final boolean apply) {
        final Mem theta = Mem.of(p.value());
        final Mem g = Mem.of(p.grad());
        final Mem mm = Mem.of(mArray);
        final Mem vv = Mem.of(vArray);
        final int length = Math.toIntExact(p.value().length());
        final int chunk = Math.min(length, CHUNK);
        if (theta.isDouble()) {
            final double[] tc = new double[chunk];
            final double[] gc = new double[chunk];
            final double[] mc = new double[chunk];
            final double[] vc = new double[chunk];
            final double[] zeros = new double[chunk];
            for (int from = 0; from < length; from += chunk) {
                final int n = Math.min(chunk, length - from);
                theta.read(from, tc, 0, n);
                g.read(from, gc, 0, n);
                mm.read(from, mc, 0, n);
                vv.read(from, vc, 0, n);
                for (int i = 0; i < n; i++) {
                    mc[i] = beta1 * mc[i] + (1 - beta1) * gc[i];
                    vc[i] = beta2 * vc[i] + (1 - beta2) * gc[i] * gc[i];
                    tc[i] -= stepSize * mc[i] / (Math.sqrt(vc[i]) + epsilon);
                }
                if (!apply) {
                    if (!finite(tc, n) || !finite(mc, n) || !finite(vc, n)) {
                        return false;
                    }
                    continue;
                }
                theta.write(from, tc, 0, n);
                mm.write(from, mc, 0, n);
                vv.write(from, vc, 0, n);
                g.write(from, zeros, 0, n);
            }
            return true;
        }
        final float b1 = (float) beta1;
        final float b2 = (float) beta2;
        final float c1 = (float) (1 - beta1);
        final float c2 = (float) (1 - beta2);
        final float size = (float) stepSize;
        final float eps = (float) epsilon;
        final float[] tc = new float[chunk];
        final float[] gc = new float[chunk];
        final float[] mc = new float[chunk];
        final float[] vc = new float[chunk];
        final float[] zeros = new float[chunk];
        for (int from = 0; from < length; from += chunk) {
            final int n = Math.min(chunk, length - from);
            theta.read(from, tc, 0, n);
            g.read(from, gc, 0, n);
            mm.read(from, mc, 0, n);
            vv.read(from, vc, 0, n);
            for (int i = 0; i < n; i++) {
                mc[i] = b1 * mc[i] + c1 * gc[i];
                vc[i] = b2 * vc[i] + c2 * gc[i] * gc[i];
                tc[i] -= size * mc[i] / ((float) Math.sqrt(vc[i]) + eps);
            }
            if (!apply) {
                if (!finite(tc, n) || !finite(mc, n) || !finite(vc, n)) {
                    return false;
                }
                continue;
            }
            theta.write(from, tc, 0, n);
            mm.write(from, mc, 0, n);
            vv.write(from, vc, 0, n);
            g.write(from, zeros, 0, n);
        }
        return true;
    }

    private static boolean finite(final double[] values, final int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(final float[] values, final int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }

    private static final int CHUNK = 4096;

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public List<INDArray> state() {
        if (m == null) {
            return List.of();
        }
        final List<INDArray> state = new ArrayList<>(m);
        state.addAll(v);
        return List.copyOf(state);
    }

    @Override
    public void restore(final long steps, final List<INDArray> state) {
        if (state.size() % 2 != 0) {
            throw new IllegalArgumentException("Adam state holds m and v for each parameter, got " + state.size());
        }
        final int n = state.size() / 2;
        this.m = new ArrayList<>(state.subList(0, n));
        this.v = new ArrayList<>(state.subList(n, 2 * n));
        this.steps = steps;
    }

    private void ensureState(final List<Param> params) {
        if (m == null) {
            final List<List<INDArray>> moments = zeroMoments(params);
            m = moments.get(0);
            v = moments.get(1);
        }
        checkState(params, m);
    }

    private static void checkState(final List<Param> params, final List<INDArray> moments) {
        if (moments.size() != params.size()) {
            throw new IllegalStateException("optimizer state has " + moments.size() + " parameters, network has "
                    + params.size());
        }
    }

    /** Zero first and second moments for every parameter: {@code [m, v]}. */
    private static List<List<INDArray>> zeroMoments(final List<Param> params) {
        final List<INDArray> first = new ArrayList<>();
        final List<INDArray> second = new ArrayList<>();
        for (final Param p : params) {
            first.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
            second.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
        }
        return List.of(first, second);
    }
}
