package io.sentimentstreams.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of the weights (Polyak averaging; the schedule of TensorFlow's
 * {@code ExponentialMovingAverage} with a step count), kept beside the optimizer: after optimizer step t = 1, 2, ...
 * <pre>
 *   θ̄ ← d_t θ̄ + (1 - d_t) θ,      d_t = min(decay, (1 + t) / (10 + t)),      θ̄ = θ before the first step
 * </pre>
 * so the early average forgets its starting point quickly: until (1 + t) / (10 + t) reaches the decay, at
 * t ≈ 9 / (1 - decay), it weighs about the last t / 9 steps, and from then on about the last 1 / (1 - decay). The
 * averaged weights move less from one mini-batch to the next than the optimizer's, which is what is evaluated
 * and kept. Each update is two native passes over θ̄ (a scaling and a BLAS axpy).
 */
public final class WeightAverage {

    private final double decay;
    private final List<INDArray> average;  // θ̄, one per parameter, in the order of the parameters
    private long steps;

    /** An average that starts at the parameters' current values. */
    public WeightAverage(final double decay, final List<Param> params) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight-average decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.average = new ArrayList<>();
        for (final Param p : params) {
            average.add(p.value().dup());
        }
    }

    /** d_t of the next update. */
    double nextDecay() {
        final long t = steps + 1;
        return Math.min(decay, (1.0 + t) / (10.0 + t));
    }

    /** Folds the parameters' current values (just stepped) into the average: θ̄ ← d θ̄, then θ̄ += (1 - d) θ (axpy). */
    public void update(final List<Param> params) {
        if (params.size() != average.size()) {
            throw new IllegalArgumentException("expected " + average.size() + " parameters, got " + params.size());
        }
        final double d = nextDecay();
        for (int i = 0; i < params.size(); i++) {
            final INDArray avg = average.get(i);
            avg.muli(d);
            Nd4j.getBlasWrapper().level1().axpy(avg.length(), 1 - d, params.get(i).value(), avg);
        }
        steps++;
    }

    /**
     * Exchanges the averaged and the current weights: the parameters then hold θ̄ and this average holds what the
     * optimizer had reached; a second call swaps them back.
     */
    public void swap(final List<Param> params) {
        for (int i = 0; i < params.size(); i++) {
            final INDArray current = params.get(i).value().dup();
            params.get(i).value().assign(average.get(i));
            average.get(i).assign(current);
        }
    }

    /** θ̄ (live views; copy them to keep them). */
    public List<INDArray> values() {
        return average;
    }

    public long steps() {
        return steps;
    }
}
