package io.sentimentstreams.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain stochastic gradient descent, the classic update rule {@code θ ← θ - η ∂E/∂θ}, after clipping. */
public final class Sgd implements Optimizer {

    private final double learningRate;  // η
    private final double clipNorm;
    private final double[] rates;  // per parameter, the share of η it is stepped with (null: all 1)
    private long steps;

    public Sgd(final double learningRate, final double clipNorm) {
        this(learningRate, clipNorm, null);
    }

    /** SGD stepping parameter i with {@code rates[i] · η}; a rate of 0 freezes it. */
    public Sgd(final double learningRate, final double clipNorm, final double[] rates) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.rates = Optimizer.checkedRates(rates);
    }

    @Override
    public double step(final List<Param> params) {
        final double norm = Optimizer.clipByGlobalNorm(params, clipNorm);
        for (int i = 0; i < params.size(); i++) {
            final Param p = params.get(i);
            final double rate = Optimizer.rate(rates, params, i);
            if (rate > 0) {
                p.value().subi(p.grad().muli(rate * learningRate));
            }
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
        return List.of();
    }

    @Override
    public void restore(final long steps, final List<INDArray> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("SGD has no state arrays, got " + state.size());
        }
        this.steps = steps;
    }
}
