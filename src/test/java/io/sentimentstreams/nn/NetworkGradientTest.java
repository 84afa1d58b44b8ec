package io.sentimentstreams.nn;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient checks of the whole classifier (embedding, cell, pooling, linear, softmax, cross-entropy) against
 * finite differences, for every cell and pooling, with padding, B=1 and T=1, and with dropout (a fixed mask).
 */
class NetworkGradientTest {

    static List<Arguments> setups() {
        final List<Arguments> cases = new java.util.ArrayList<>();
        for (final CellType type : CellType.values()) {
            for (final Pooling pooling : Pooling.values()) {
                cases.add(Arguments.of(type, pooling, new int[] {4, 3, 1}, 0.0));
            }
            cases.add(Arguments.of(type, Pooling.LAST, new int[] {1}, 0.0));
            cases.add(Arguments.of(type, Pooling.MEAN, new int[] {3}, 0.0));
            cases.add(Arguments.of(type, Pooling.MAX, new int[] {3, 2}, 0.3));
            cases.add(Arguments.of(type, Pooling.MEAN_MAX, new int[] {3, 2}, 0.3));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} lengths {2} dropout {3}")
    @MethodSource("setups")
    void shouldMatchFiniteDifferencesForEveryParameter(final CellType type, final Pooling pooling,
                                                        final int[] lengths, final double dropout) {
        final NetworkConfig config = new NetworkConfig(type, 6, 3, 4, 2, pooling, dropout);
        final SentimentNetwork network = TestNetworks.network(config, 3);
        final Packing packing = Packing.of(lengths);
        final int[] tokens = TestNetworks.tokens(packing);
        final int[] labels = new int[packing.batchSize()];
        for (int b = 0; b < labels.length; b++) {
            labels[b] = b % 2;
        }
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        Nd4j.getRandom().setSeed(99);
        network.forward(ws, tokens, packing, true);
        network.backward(ws, labels, 0, null);

        final DoubleSupplier loss = () -> {
            Nd4j.getRandom().setSeed(99);  // the same dropout mask for every evaluation
            return SentimentNetwork.crossEntropy(network.forward(network.newWorkspace(), tokens, packing, true),
                    labels);
        };
        for (final Param p : network.params()) {
            final boolean recurrentAtOneStep = p.name().equals("wHh") && packing.steps() == 1;
            GradientChecks.check(type + "." + p.name(), p.value(), p.grad(), loss, !recurrentAtOneStep);
        }
    }
}
