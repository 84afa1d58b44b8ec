package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient checks of each cell alone, with the random-projection loss {@code E = Σ_valid h_t ∘ R_t}, for every
 * parameter and the input, over packed batches with padding, and for T=1 and B=1.
 */
class CellGradientTest {

    private static final int E = 3;
    private static final int H = 4;

    static List<Arguments> cellsAndShapes() {
        final List<int[]> shapes = List.of(new int[] {5, 3, 1}, new int[] {1}, new int[] {4}, new int[] {1, 1, 1});
        final List<Arguments> cases = new java.util.ArrayList<>();
        for (final CellType type : CellType.values()) {
            for (final int[] lengths : shapes) {
                cases.add(Arguments.of(type, lengths));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} lengths {1}")
    @MethodSource("cellsAndShapes")
    void shouldMatchFiniteDifferencesForEveryParameterAndTheInput(final CellType type, final int[] lengths) {
        final SplittableRandom random = new SplittableRandom(7);
        final RecurrentCell cell = TestNetworks.cell(type, E, H, random);
        final Packing packing = Packing.of(lengths);
        final long tb = (long) packing.steps() * packing.batchSize();
        final INDArray x = Init.normal(random, DataType.DOUBLE, 1.0, tb, E);
        final INDArray projection = Init.normal(random, DataType.DOUBLE, 1.0, tb, H);
        final RecurrentCell.Trace trace = cell.newTrace();

        cell.forward(trace, x, packing);
        final INDArray dH = maskedCopy(projection, packing);
        final INDArray dX = cell.backward(trace, x, dH, packing, 0, null).dup();

        final java.util.function.DoubleSupplier loss = () -> projectionLoss(cell, x, projection, packing);
        for (final Param p : cell.params()) {
            final boolean recurrentAtOneStep = p.name().equals("wHh") && packing.steps() == 1;  // h_0 = 0
            GradientChecks.check(type + "." + p.name(), p.value(), p.grad(), loss, !recurrentAtOneStep);
        }
        GradientChecks.check(type + ".x", x, maskedCopy(dX, packing), loss);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(CellType.class)
    void shouldCutGradientsBeyondTheTruncationWindow(final CellType type) {
        final SplittableRandom random = new SplittableRandom(11);
        final RecurrentCell cell = TestNetworks.cell(type, E, H, random);
        final Packing packing = Packing.of(new int[] {6});
        final INDArray x = Init.normal(random, DataType.DOUBLE, 1.0, 6, E);
        final INDArray dH = Nd4j.zeros(DataType.DOUBLE, 6, H);
        dH.putRow(5, Init.normal(random, DataType.DOUBLE, 1.0, 1, H));  // loss at the last step only
        final RecurrentCell.Trace trace = cell.newTrace();

        cell.forward(trace, x, packing);
        final INDArray full = cell.backward(trace, x, dH, packing, 0, null).dup();
        cell.forward(trace, x, packing);
        final INDArray truncated = cell.backward(trace, x, dH, packing, 3, null).dup();

        for (int t = 0; t < 6; t++) {
            final double fullNorm = full.getRow(t).norm2Number().doubleValue();
            final double truncatedNorm = truncated.getRow(t).norm2Number().doubleValue();
            assertTrue(fullNorm > 0, "full BPTT reaches step " + t);
            if (t < 3) {
                assertEquals(0.0, truncatedNorm, 0.0, "3-step truncation stops before step " + t);
            } else {
                assertEquals(fullNorm, truncatedNorm, 1e-12, "inside the window gradients are exact at step " + t);
            }
        }
    }

    private static double projectionLoss(final RecurrentCell cell, final INDArray x, final INDArray projection,
                                         final Packing packing) {
        final INDArray hs = cell.forward(cell.newTrace(), x, packing);
        double sum = 0;
        final int batch = packing.batchSize();
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                for (int j = 0; j < projection.size(1); j++) {
                    sum += hs.getDouble((long) (t + 1) * batch + b, j) * projection.getDouble((long) t * batch + b, j);
                }
            }
        }
        return sum;
    }

    /** A copy with the rows of padding set to zero. */
    private static INDArray maskedCopy(final INDArray rows, final Packing packing) {
        final INDArray copy = rows.dup();
        final int batch = packing.batchSize();
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = packing.activeRows()[t]; b < batch; b++) {
                copy.getRow((long) t * batch + b).assign(0);
            }
        }
        return copy;
    }
}
