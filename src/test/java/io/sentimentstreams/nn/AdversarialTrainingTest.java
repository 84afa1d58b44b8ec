package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adversarial training on the embedded inputs: r_b = ε g_b / ‖g_b‖ per review, the loss it raises to first order,
 * the gradient of the combined objective E(x) + E(x + r) against central differences in double precision for
 * every cell in both directions, and the perturbation of float32 against float64.
 */
class AdversarialTrainingTest {

    private static final Packing PACKING = Packing.of(new int[] {4, 3, 1});
    private static final int[] LABELS = {1, 0, 1};

    static List<Arguments> cells() {
        final List<Arguments> cases = new ArrayList<>();
        for (final CellType type : CellType.values()) {
            cases.add(Arguments.of(type, false));
            cases.add(Arguments.of(type, true));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} bidirectional {1}")
    @MethodSource("cells")
    void shouldScaleEachReviewsPerturbationToEpsilonAlongItsInputGradient(final CellType type,
                                                                          final boolean bidirectional) {
        final SentimentNetwork network = TestNetworks.network(config(type, bidirectional), 3);
        final int[] tokens = TestNetworks.tokens(PACKING);
        final SentimentNetwork.Workspace ws = cleanPass(network, tokens);
        final double[][] g = perReview(inputGradient(network, tokens), PACKING);
        final double epsilon = 0.7;
        final double[][] r = perReview(network.adversarialPerturbation(ws, epsilon).dup(), PACKING);
        for (int b = 0; b < PACKING.batchSize(); b++) {
            final double gNorm = norm(g[b]);
            assertTrue(gNorm > 0, "review " + b + " has an input gradient");
            assertEquals(epsilon, norm(r[b]), 1e-12, "‖r_" + b + "‖");
            assertEquals(epsilon * gNorm, dot(r[b], g[b]), 1e-6 * epsilon * gNorm, "r_" + b + " points along g_" + b);
        }
        final INDArray all = network.adversarialPerturbation(ws, epsilon);
        final int e = network.config().embeddingSize();
        for (int t = 0; t < PACKING.steps(); t++) {
            for (int b = PACKING.activeRows()[t]; b < PACKING.batchSize(); b++) {
                assertEquals(0.0, all.getRow((long) t * PACKING.batchSize() + b).norm2Number().doubleValue(), 0.0,
                        "padding row t=" + t + " b=" + b);
            }
        }
        assertEquals(e, all.columns());
    }

    @ParameterizedTest(name = "{0} bidirectional {1}")
    @MethodSource("cells")
    void shouldRaiseTheLossByEpsilonTimesTheGradientNormsToFirstOrder(final CellType type,
                                                                    final boolean bidirectional) {
        final SentimentNetwork network = TestNetworks.network(config(type, bidirectional), 5);
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        final int[] tokens = TestNetworks.tokens(PACKING);
        final double clean = SentimentNetwork.crossEntropy(network.forward(ws, tokens, PACKING, true), LABELS);
        network.backward(ws, LABELS, 0, null);
        final double[][] g = perReview(inputGradient(network, tokens), PACKING);
        final double epsilon = 1e-5;
        final INDArray r = network.adversarialPerturbation(ws, epsilon).dup();
        final double moved = SentimentNetwork.crossEntropy(
                network.forward(network.newWorkspace(), tokens, PACKING, true, r), LABELS);
        double expected = 0;                                              // Σ_b g_b · r_b = ε Σ_b ‖g_b‖
        for (final double[] gb : g) {
            expected += epsilon * norm(gb);
        }
        assertTrue(moved > clean, "the perturbation raises the loss");
        assertEquals(expected, moved - clean, 1e-3 * expected, "first-order rise of the loss");
    }

    @ParameterizedTest(name = "{0} bidirectional {1}")
    @MethodSource("cells")
    void shouldMatchFiniteDifferencesOfTheCleanPlusTheAdversarialLoss(final CellType type,
                                                                     final boolean bidirectional) {
        final SentimentNetwork network = TestNetworks.network(config(type, bidirectional), 7);
        final int[] tokens = TestNetworks.tokens(PACKING);
        final SentimentNetwork.Workspace ws = cleanPass(network, tokens);
        final INDArray r = network.adversarialPerturbation(ws, 0.5).dup();   // a constant of the objective
        network.forward(ws, tokens, PACKING, true, r);
        network.backward(ws, LABELS, 0, null);

        final DoubleSupplier loss = () -> {
            final SentimentNetwork.Workspace fresh = network.newWorkspace();
            return SentimentNetwork.crossEntropy(network.forward(fresh, tokens, PACKING, true), LABELS)
                    + SentimentNetwork.crossEntropy(network.forward(fresh, tokens, PACKING, true, r), LABELS);
        };
        for (final Param p : network.params()) {
            GradientChecks.check(type + "." + p.name(), p.value(), p.grad(), loss);
        }
    }

    @ParameterizedTest(name = "{0} bidirectional {1}")
    @MethodSource("cells")
    void shouldPerturbInFloat32AsInFloat64(final CellType type, final boolean bidirectional) {
        final NetworkConfig config = new NetworkConfig(type, 200, 32, 64, 2, Pooling.MEAN_MAX, 0.0, bidirectional);
        final SentimentNetwork net32 = SentimentNetwork.create(config, Init.Recurrent.ORTHOGONAL, 1.0, 11,
                DataType.FLOAT);
        final SentimentNetwork net64 = SentimentNetwork.fromValues(config,
                net32.params().stream().map(p -> p.value().castTo(DataType.DOUBLE)).toList());
        final Packing packing = Packing.of(new int[] {60, 45, 30, 12, 5});
        final SplittableRandom random = new SplittableRandom(5);
        final int[] tokens = new int[packing.steps() * packing.batchSize()];
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                tokens[t * packing.batchSize() + b] = 2 + random.nextInt(198);
            }
        }
        final int[] labels = {1, 0, 0, 1, 1};
        final INDArray r32 = perturbation(net32, tokens, packing, labels).castTo(DataType.DOUBLE);
        final INDArray r64 = perturbation(net64, tokens, packing, labels);
        final double relative = r32.sub(r64).norm2Number().doubleValue() / r64.norm2Number().doubleValue();
        assertTrue(relative <= 1e-4, String.format("float32 perturbation differs by %.3e relative", relative));
    }

    @ParameterizedTest(name = "{0} bidirectional {1}")
    @MethodSource("cells")
    void shouldRefuseAPerturbationWithoutABackwardPassOrAPositiveEpsilon(final CellType type,
                                                                        final boolean bidirectional) {
        final SentimentNetwork network = TestNetworks.network(config(type, bidirectional), 3);
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        final int[] tokens = TestNetworks.tokens(PACKING);
        assertThrows(IllegalStateException.class, () -> network.adversarialPerturbation(ws, 1.0));
        network.forward(ws, tokens, PACKING, true);
        network.backward(ws, LABELS, 0, null);
        network.forward(ws, tokens, PACKING, true);
        assertThrows(IllegalStateException.class, () -> network.adversarialPerturbation(ws, 1.0),
                "the gradient of an earlier pass");
        network.backward(ws, LABELS, 0, null);
        assertThrows(IllegalArgumentException.class, () -> network.adversarialPerturbation(ws, 0.0));
        assertThrows(IllegalArgumentException.class, () -> network.adversarialPerturbation(ws, Double.NaN));
        assertThrows(IllegalStateException.class, () -> network.frozenCopy().forward(network.newWorkspace(), tokens,
                PACKING, false, Nd4j.zeros(DataType.DOUBLE, (long) tokens.length, 6)));
    }

    /** A fresh workspace after one clean forward and backward pass of {@link #PACKING} with {@link #LABELS}. */
    private static SentimentNetwork.Workspace cleanPass(final SentimentNetwork network, final int[] tokens) {
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        network.forward(ws, tokens, PACKING, true);
        network.backward(ws, LABELS, 0, null);
        return ws;
    }

    private static NetworkConfig config(final CellType type, final boolean bidirectional) {
        return new NetworkConfig(type, 6, 3, 4, 2, Pooling.MEAN_MAX, 0.0, bidirectional);
    }

    private static INDArray perturbation(final SentimentNetwork network, final int[] tokens, final Packing packing,
                                         final int[] labels) {
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        network.forward(ws, tokens, packing, true);
        network.backward(ws, labels, 0, null);
        network.params().forEach(Param::zeroGrad);
        return network.adversarialPerturbation(ws, 1.0).dup();
    }

    /**
     * ∂E/∂x of every input row [T*B, E] by central differences of the loss (double precision): the embedding's
     * gradient sums over repeated tokens, so the inputs themselves are moved.
     */
    private static INDArray inputGradient(final SentimentNetwork network, final int[] tokens) {
        final int e = network.config().embeddingSize();
        final INDArray g = Nd4j.zeros(DataType.DOUBLE, tokens.length, e);
        final INDArray r = Nd4j.zeros(DataType.DOUBLE, tokens.length, e);
        final double h = 1e-6;
        for (int row = 0; row < tokens.length; row++) {
            for (int i = 0; i < e; i++) {
                r.putScalar(row, i, h);
                final double plus = SentimentNetwork.crossEntropy(
                        network.forward(network.newWorkspace(), tokens, PACKING, true, r), LABELS);
                r.putScalar(row, i, -h);
                final double minus = SentimentNetwork.crossEntropy(
                        network.forward(network.newWorkspace(), tokens, PACKING, true, r), LABELS);
                r.putScalar(row, i, 0.0);
                g.putScalar(row, i, (plus - minus) / (2 * h));
            }
        }
        return g;
    }

    /** The rows of each review, concatenated: [B][T_b·E]. */
    private static double[][] perReview(final INDArray rows, final Packing packing) {
        final int batch = packing.batchSize();
        final int e = (int) rows.columns();
        final double[][] out = new double[batch][];
        for (int b = 0; b < batch; b++) {
            out[b] = new double[packing.lengths()[b] * e];
            for (int t = 0; t < packing.lengths()[b]; t++) {
                for (int i = 0; i < e; i++) {
                    out[b][t * e + i] = rows.getDouble((long) t * batch + b, i);
                }
            }
        }
        return out;
    }

    private static double norm(final double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(final double[] a, final double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
