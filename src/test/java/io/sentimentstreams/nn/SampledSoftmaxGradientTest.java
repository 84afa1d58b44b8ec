package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sampled softmax against central differences in double precision (wO, bO and the hidden states), with a
 * candidate drawn twice and candidates that hit a row's own target; and its value against the definition.
 */
class SampledSoftmaxGradientTest {

    private static final int V = 7;
    private static final int H = 4;
    private static final int[] TARGETS = {2, 5, 2, 6, 1};
    private static final int[] CANDIDATES = {3, 5, 0, 3, 6};   // 3 twice; 5 and 6 hit rows 1 and 3

    @Test
    void shouldMatchFiniteDifferencesForWeightsBiasesAndHiddenStates() {
        final SplittableRandom random = new SplittableRandom(21);
        final SampledSoftmax softmax = softmax(random);
        final INDArray h = Init.normal(random, DataType.DOUBLE, 1.0, TARGETS.length, H);
        final double[] logCount = logCounts(random);
        final SampledSoftmax.Workspace ws = softmax.newWorkspace();
        softmax.forward(ws, h, TARGETS, CANDIDATES, logCount);
        final INDArray dH = Nd4j.zeros(DataType.DOUBLE, TARGETS.length, H);
        softmax.backward(ws, dH);

        final DoubleSupplier loss = () -> softmax.forward(softmax.newWorkspace(), h, TARGETS, CANDIDATES, logCount);
        for (final Param p : softmax.params()) {
            GradientChecks.check("sampled softmax " + p.name(), p.value(), p.grad(), loss);
        }
        GradientChecks.check("sampled softmax h", h, dH.dup(), loss);
    }

    @Test
    void shouldEqualTheDefinitionRowByRow() {
        final SplittableRandom random = new SplittableRandom(22);
        final SampledSoftmax softmax = softmax(random);
        final INDArray h = Init.normal(random, DataType.DOUBLE, 1.0, TARGETS.length, H);
        final double[] logCount = logCounts(random);
        final double loss = softmax.forward(softmax.newWorkspace(), h, TARGETS, CANDIDATES, logCount);

        final INDArray wO = softmax.params().get(0).value();
        final INDArray bO = softmax.params().get(1).value();
        double expected = 0;
        for (int n = 0; n < TARGETS.length; n++) {
            final double u = logit(wO, bO, h, n, TARGETS[n]) - logCount[TARGETS[n]];
            double z = Math.exp(u);
            for (final int c : CANDIDATES) {
                if (c != TARGETS[n]) {
                    z += Math.exp(logit(wO, bO, h, n, c) - logCount[c]);
                }
            }
            expected += Math.log(z) - u;
        }
        assertEquals(expected / TARGETS.length, loss, 1e-12);
    }

    @Test
    void shouldGiveTheFullSoftmaxLossWhenEveryOtherClassIsACandidateOnce() {
        final SplittableRandom random = new SplittableRandom(23);
        final SampledSoftmax softmax = softmax(random);
        final INDArray h = Init.normal(random, DataType.DOUBLE, 1.0, TARGETS.length, H);
        final int[] all = {0, 1, 2, 3, 4, 5, 6};
        final double sampled = softmax.forward(softmax.newWorkspace(), h, TARGETS, all, new double[V]);
        assertEquals(softmax.fullLoss(h, TARGETS), sampled, 1e-12);
        assertTrue(sampled > 0);
    }

    private static SampledSoftmax softmax(final SplittableRandom random) {
        return new SampledSoftmax(Param.of("wO", Init.normal(random, DataType.DOUBLE, 0.7, V, H)),
                Param.of("bO", Init.normal(random, DataType.DOUBLE, 0.5, 1, V).reshape(V)));
    }

    private static double[] logCounts(final SplittableRandom random) {
        final double[] logCount = new double[V];
        for (int c = 0; c < V; c++) {
            logCount[c] = random.nextDouble() - 0.5;
        }
        return logCount;
    }

    private static double logit(final INDArray wO, final INDArray bO, final INDArray h, final int n, final int c) {
        double sum = bO.getDouble(c);
        for (int k = 0; k < H; k++) {
            sum += wO.getDouble(c, k) * h.getDouble(n, k);
        }
        return sum;
    }
}
