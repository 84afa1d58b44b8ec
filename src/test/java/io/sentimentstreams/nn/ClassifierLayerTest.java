package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's layers for fine-tuning: the parameters layer by layer, and the classifier's part of backward
 * alone (a frozen encoder), which must give W_yh and b_y the full backward's gradient and nothing else any.
 */
class ClassifierLayerTest {

    @ParameterizedTest(name = "bidirectional {0}")
    @ValueSource(booleans = {false, true})
    void shouldListTheLayersFromTheEmbeddingUpInTheOrderOfTheParameters(final boolean bidirectional) {
        final SentimentNetwork network = TestNetworks.network(
                new NetworkConfig(CellType.GRU, 6, 3, 4, 2, Pooling.MEAN, 0.0, bidirectional), 3);
        final List<List<Param>> layers = network.layers();
        assertEquals(List.of("wE"), layers.get(0).stream().map(Param::name).toList());
        assertEquals(bidirectional ? 8 : 4, layers.get(1).size());
        assertEquals(List.of("wYh", "bY"), layers.get(2).stream().map(Param::name).toList());
        assertEquals(network.params(), layers.stream().flatMap(List::stream).toList());
    }

    @ParameterizedTest(name = "bidirectional {0}")
    @ValueSource(booleans = {false, true})
    void shouldGiveTheClassifierAloneTheGradientTheFullBackwardGivesIt(final boolean bidirectional) {
        final NetworkConfig config = new NetworkConfig(CellType.GRU, 6, 3, 4, 2, Pooling.MAX, 0.3, bidirectional);
        final SentimentNetwork network = TestNetworks.network(config, 5);
        final Packing packing = Packing.of(new int[] {4, 3, 1});
        final int[] tokens = TestNetworks.tokens(packing);
        final int[] labels = {1, 0, 1};
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        Nd4j.getRandom().setSeed(7);   // the same dropout masks for both passes
        network.forward(ws, tokens, packing, true);
        final double fullLoss = network.backward(ws, labels, 0, null);
        final List<double[]> full = network.params().stream().map(p -> p.grad().ravel().toDoubleVector()).toList();
        network.params().forEach(Param::zeroGrad);

        Nd4j.getRandom().setSeed(7);
        network.forward(ws, tokens, packing, true);
        assertEquals(fullLoss, network.backwardClassifier(ws, labels), 0.0);
        final List<Param> params = network.params();
        for (int i = 0; i < params.size(); i++) {
            final boolean classifier = i >= params.size() - 2;
            final double[] expected = classifier ? full.get(i) : new double[full.get(i).length];
            assertArrayEquals(expected, params.get(i).grad().ravel().toDoubleVector(), classifier ? 1e-12 : 0.0,
                    params.get(i).name());
        }
        assertTrue(Arrays.stream(full.get(1)).anyMatch(g -> g != 0), "the full backward reaches the cell");
    }
}
