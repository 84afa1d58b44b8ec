package io.sentimentstreams.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and its gradient buffer of the same shape. Backward passes <em>accumulate</em> into
 * {@code grad}; the optimizer reads it and {@link #zeroGrad()} clears it.
 */
public record Param(String name, INDArray value, INDArray grad) {

    public Param {
        if (!java.util.Arrays.equals(value.shape(), grad.shape())) {
            throw new IllegalArgumentException("gradient of " + name + " must have the shape of the value");
        }
    }

    public static Param of(final String name, final INDArray value) {
        return new Param(name, value, org.nd4j.linalg.factory.Nd4j.zeros(value.dataType(), value.shape()));
    }

    public void zeroGrad() {
        grad.assign(0);
    }

    public long size() {
        return value.length();
    }
}
