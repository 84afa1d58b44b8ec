package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
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
 */
public final class Adam implements Optimizer {

    private final double learningRate;  // η
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double clipNorm;
    private List<INDArray> m;  // first moments, one per parameter
    private List<INDArray> v;  // second moments
    private long steps;

    public Adam(final double learningRate, final double clipNorm) {
        this(learningRate, 0.9, 0.999, 1e-8, clipNorm);
    }

    public Adam(final double learningRate, final double beta1, final double beta2, final double epsilon,
                final double clipNorm) {
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
    }

    @Override
    public double step(final List<Param> params) {
        ensureState(params);
        final double norm = Optimizer.clipByGlobalNorm(params, clipNorm);
        final double stepSize = stepSize(steps + 1);
        for (int i = 0; i < params.size(); i++) {
            update(params.get(i), m.get(i), v.get(i), stepSize);
        }
        steps++;
        return norm;
    }

    /** {@code η · √(1-β2^s) / (1-β1^s)} at step s (falling back to ε where that is not a positive number). */
    private double stepSize(final long s) {
        final double size = learningRate * Math.sqrt(1 - Math.pow(beta2, s)) / (1 - Math.pow(beta1, s));
        return Double.isNaN(size) || Double.isInfinite(size) || size == 0 ? epsilon : size;
    }

    /**
     * {@code m ← β1 m + (1-β1) g;  v ← β2 v + (1-β2) g²;  θ ← θ - stepSize · m / (√v + ε);  g ← 0}, chunk by
     * chunk, in the parameter's own precision (as ND4J's updater computed it), so float needs no conversions.
     */
    private void update(final Param p, final INDArray mArray, final INDArray vArray, final double stepSize) {
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
                theta.write(from, tc, 0, n);
                mm.write(from, mc, 0, n);
                vv.write(from, vc, 0, n);
                g.write(from, zeros, 0, n);
            }
            return;
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
            theta.write(from, tc, 0, n);
            mm.write(from, mc, 0, n);
            vv.write(from, vc, 0, n);
            g.write(from, zeros, 0, n);
        }
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
        if (m != null && m.size() == params.size()) {
            return;
        }
        if (m != null) {
            throw new IllegalStateException("optimizer state has " + m.size() + " parameters, network has "
                    + params.size());
        }
        m = new ArrayList<>();
        v = new ArrayList<>();
        for (final Param p : params) {
            m.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
            v.add(Nd4j.zeros(p.value().dataType(), p.value().shape()));
        }
    }
}
