package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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

    @Test
    void shouldPoolTheSameMaximaWithoutRememberingTheWinnersAsWithIt() {
        final Packing packing = Packing.of(new int[] {7, 5, 5, 2, 1});            // B = 5, T = 7
        final int hidden = 6;
        for (final DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            final Random random = new Random(7);
            final double[][] states = new double[(packing.steps() + 1) * packing.batchSize()][hidden];
            for (final double[] row : states) {
                for (int j = 0; j < hidden; j++) {
                    row[j] = random.nextGaussian();
                }
            }
            states[3 * packing.batchSize() + 1][2] = Double.NaN;                     // h_2 of sequence 1
            states[6 * packing.batchSize() + 3][0] = 99;                             // padding after sequence 3 ends
            final INDArray hs = Nd4j.createFromArray(states).castTo(type);
            final INDArray remembered = Nd4j.zeros(type, packing.batchSize(), hidden);
            final INDArray fast = Nd4j.zeros(type, packing.batchSize(), hidden);

            Pooling.MAX.forward(hs, packing, remembered, new int[packing.batchSize() * hidden]);
            Pooling.MAX.forward(hs, packing, fast, null);

            assertArrayEquals(remembered.data().asDouble(), fast.data().asDouble(),
                    type + ": the same features, NaN and padding included");
            assertTrue(Double.isNaN(fast.getDouble(1, 2)), type + ": the NaN state wins");
            assertTrue(fast.getDouble(3, 0) < 99, type + ": padding is never pooled");
        }
    }

    @Test
    void shouldPutTheMeanAndTheMaximumOfEachUnitSideBySide() {
        final Packing packing = Packing.of(new int[] {3, 1});                      // B = 2, T = 3
        final INDArray hs = Nd4j.createFromArray(new double[][] {
                {0, 0}, {0, 0},                                                   // h_0
                {1, -2}, {5, 6},                                                  // h_1 of sequences 0 and 1
                {4, -1}, {9, 9},                                                  // h_2 (sequence 1: padding)
                {-2, -6}, {9, 9}});                                               // h_3
        final INDArray features = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        final int[] argmax = new int[2 * 2];

        Pooling.MEAN_MAX.forward(hs, packing, features, argmax);

        assertArrayEquals(new double[] {1, -3, 4, -1}, features.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {5, 6, 5, 6}, features.getRow(1).toDoubleVector(), 1e-12);
        assertArrayEquals(new int[] {1, 1, 0, 0}, argmax, "the step each maximum came from");
        assertEquals(2, Pooling.MEAN_MAX.width());
    }
}
