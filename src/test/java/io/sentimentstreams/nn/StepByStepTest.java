package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The packed whole-batch forward pass equals the cell's equations applied one step at a time to each sequence on
 * its own (plain Java arithmetic), so neither batching nor padding changes a result.
 */
class StepByStepTest {

    private static final int E = 3;
    private static final int H = 5;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void shouldEqualTheEquationsStepByStepForEverySequenceOfAPaddedBatch(final CellType type) {
        final SplittableRandom random = new SplittableRandom(5);
        final RecurrentCell cell = TestNetworks.cell(type, E, H, random);
        final Packing packing = Packing.of(new int[] {6, 4, 4, 1});
        final int batch = packing.batchSize();
        final INDArray x = Init.normal(random, DataType.DOUBLE, 1.0, (long) packing.steps() * batch, E);

        final INDArray hs = cell.forward(cell.newTrace(), x, packing);

        final double[][] w = cell.params().stream().map(p -> p.value().reshape(p.value().length()).toDoubleVector()).toArray(double[][]::new);
        for (int b = 0; b < batch; b++) {
            double[] h = new double[H];
            double[] c = new double[H];
            for (int t = 0; t < packing.lengths()[b]; t++) {
                final double[] xt = x.getRow((long) t * batch + b).toDoubleVector();
                final double[][] next = step(type, w, xt, h, c);
                h = next[0];
                c = next[1];
                for (int j = 0; j < H; j++) {
                    assertEquals(h[j], hs.getDouble((long) (t + 1) * batch + b, j), 1e-12,
                            type + " sequence " + b + " step " + t + " unit " + j);
                }
            }
        }
    }

    /** One step of the cell's equations; returns {h_t, c_t}. Gate blocks as documented on each cell. */
    private static double[][] step(final CellType type, final double[][] w, final double[] x, final double[] h,
                                   final double[] c) {
        final double[] wHx = w[0];
        final double[] wHh = w[1];
        final int g = type.gates() * H;
        final double[] ax = new double[g];   // W_hx x + b (input side)
        final double[] ah = new double[g];   // W_hh h (+ b_h for GRU)
        for (int i = 0; i < g; i++) {
            ax[i] = w[2][i];
            for (int k = 0; k < E; k++) {
                ax[i] += wHx[i * E + k] * x[k];
            }
            ah[i] = type == CellType.GRU ? w[3][i] : 0;
            for (int k = 0; k < H; k++) {
                ah[i] += wHh[i * H + k] * h[k];
            }
        }
        final double[] hNext = new double[H];
        final double[] cNext = new double[H];
        for (int j = 0; j < H; j++) {
            switch (type) {
                case ELMAN -> hNext[j] = Math.tanh(ax[j] + ah[j]);
                case LSTM -> {
                    final double i = sigmoid(ax[j] + ah[j]);
                    final double f = sigmoid(ax[H + j] + ah[H + j]);
                    final double o = sigmoid(ax[2 * H + j] + ah[2 * H + j]);
                    final double cand = Math.tanh(ax[3 * H + j] + ah[3 * H + j]);
                    cNext[j] = f * c[j] + i * cand;
                    hNext[j] = o * Math.tanh(cNext[j]);
                }
                case GRU -> {
                    final double r = sigmoid(ax[j] + ah[j]);
                    final double z = sigmoid(ax[H + j] + ah[H + j]);
                    final double n = Math.tanh(ax[2 * H + j] + r * ah[2 * H + j]);
                    hNext[j] = (1 - z) * n + z * h[j];
                }
                default -> throw new IllegalStateException();
            }
        }
        return new double[][] {hNext, cNext};
    }

    private static double sigmoid(final double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
