package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PoolingTest {

    @Test
    void shouldLetANaNStateWinMaxPoolingSoTheFeatureIsNaN() {
        final Packing packing = Packing.of(new int[] {3});
        final INDArray hs = Nd4j.createFromArray(new float[][] {{0f}, {0.9f}, {Float.NaN}, {0.2f}});  // h_0 .. h_3
        final INDArray features = Nd4j.zeros(DataType.FLOAT, 1, 1);
        final int[] argmax = new int[1];

        Pooling.MAX.forward(hs, packing, features, argmax);

        assertTrue(Float.isNaN(features.getFloat(0, 0)), "a NaN anywhere in the sequence is not passed over");
        assertEquals(1, argmax[0], "the gradient goes to the step that broke");
    }
}
