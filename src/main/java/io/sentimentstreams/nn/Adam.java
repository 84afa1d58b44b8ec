package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba), after global-norm clipping, at step s = 1, 2, ...:
 * <pre>
 *   m ← β1 m + (1-β1) g          v ← β2 v + (1-β2) g²
 *   θ ← θ - η · (√(1-β2^s) / (1-β1^s)) · m / (√v + ε)
 * </pre>
 * The update of each parameter is one fused native operation (ND4J's {@code adam_updater}), which matters for
 * the embedding matrix: one pass over V×E values instead of nine.
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
        for (int i = 0; i < params.size(); i++) {
            final Param p = params.get(i);
            final INDArray g = p.grad();
            // in: g, v, m; out: update (into g), v, m. The op counts iterations from 0.
            Nd4j.exec(new AdamUpdater(g, v.get(i), m.get(i), g, v.get(i), m.get(i),
                    learningRate, beta1, beta2, epsilon, (int) Math.min(steps, Integer.MAX_VALUE)));
            p.value().subi(g);
            p.zeroGrad();
        }
        steps++;
        return norm;
    }

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
