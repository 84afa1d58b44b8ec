package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bidirectional classifier: gradients against central differences in double precision for every cell and
 * pooling, with padding and dropout; and its log-odds as the sum of a forward network on the review and a
 * forward network with the backward cell on the reversed review.
 */
class BidirectionalNetworkTest {

    static List<Arguments> setups() {
        final List<Arguments> cases = new ArrayList<>();
        for (final CellType type : CellType.values()) {
            for (final Pooling pooling : Pooling.values()) {
                cases.add(Arguments.of(type, pooling, new int[] {4, 3, 1}, 0.0));
            }
            cases.add(Arguments.of(type, Pooling.MEAN, new int[] {1}, 0.0));
            cases.add(Arguments.of(type, Pooling.MAX, new int[] {3, 2}, 0.3));
            cases.add(Arguments.of(type, Pooling.MEAN_MAX, new int[] {3, 2}, 0.3));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} lengths {2} dropout {3}")
    @MethodSource("setups")
    void shouldMatchFiniteDifferencesForEveryParameter(final CellType type, final Pooling pooling,
                                                        final int[] lengths, final double dropout) {
        final NetworkConfig config = new NetworkConfig(type, 6, 3, 4, 2, pooling, dropout, true);
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
            Nd4j.getRandom().setSeed(99);  // the same dropout masks for every evaluation
            return SentimentNetwork.crossEntropy(network.forward(network.newWorkspace(), tokens, packing, true),
                    labels);
        };
        assertEquals(3 + 2 * (type == CellType.GRU ? 4 : 3), network.params().size());
        for (final Param p : network.params()) {
            final boolean recurrentAtOneStep = p.name().endsWith("wHh") && packing.steps() == 1;
            GradientChecks.check("bidirectional " + type + "." + p.name(), p.value(), p.grad(), loss,
                    !recurrentAtOneStep);
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void shouldAddTheLogOddsOfTheForwardCellOnTheReviewAndTheBackwardCellOnTheReversedReview(final CellType type) {
        final int h = 4;
        final NetworkConfig bi = new NetworkConfig(type, 8, 3, h, 2, Pooling.MAX, 0.0, true);
        final SentimentNetwork network = TestNetworks.network(bi, 5);
        final List<INDArray> v = network.params().stream().map(Param::value).toList();
        final int cellParams = type == CellType.GRU ? 4 : 3;
        final INDArray wYh = v.get(v.size() - 2);
        final NetworkConfig one = new NetworkConfig(type, 8, 3, h, 2, Pooling.MAX, 0.0);
        final List<INDArray> forward = new ArrayList<>(v.subList(0, 1 + cellParams));
        forward.add(wYh.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h)).dup());
        forward.add(v.get(v.size() - 1));
        final List<INDArray> backward = new ArrayList<>(v.subList(0, 1));
        backward.addAll(v.subList(1 + cellParams, 1 + 2 * cellParams));
        backward.add(wYh.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(h, 2 * h)).dup());
        backward.add(Nd4j.zeros(DataType.DOUBLE, 2));
        final SentimentNetwork forwardOnly = SentimentNetwork.fromValues(one, forward);
        final SentimentNetwork backwardOnly = SentimentNetwork.fromValues(one, backward);

        final int[][] reviews = {{1, 5, 2, 7, 3}, {4, 4, 6}, {2}};
        final Packing packing = Packing.of(new int[] {5, 3, 1});
        final INDArray p = network.forward(network.newWorkspace(), timeMajor(reviews, false), packing, false).dup();
        final INDArray pf = forwardOnly.forward(forwardOnly.newWorkspace(), timeMajor(reviews, false), packing, false)
                .dup();
        final INDArray pb = backwardOnly.forward(backwardOnly.newWorkspace(), timeMajor(reviews, true), packing,
                false).dup();
        for (int b = 0; b < reviews.length; b++) {
            assertEquals(logOdds(pf, b) + logOdds(pb, b), logOdds(p, b), 1e-10, "review " + b);
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void shouldGiveTheSameProbabilitiesAndGradientsInFloat32AsInFloat64(final CellType type) {
        final NetworkConfig config = new NetworkConfig(type, 8, 3, 4, 2, Pooling.MEAN, 0.0, true);
        final SentimentNetwork exact = TestNetworks.network(config, 9);
        final SentimentNetwork single = SentimentNetwork.fromValues(config,
                exact.params().stream().map(p -> p.value().castTo(DataType.FLOAT)).toList());
        final Packing packing = Packing.of(new int[] {5, 3, 3, 1});
        final int[] tokens = TestNetworks.tokens(packing);
        final int[] labels = {1, 0, 0, 1};
        final SentimentNetwork.Workspace ews = exact.newWorkspace();
        final INDArray pe = exact.forward(ews, tokens, packing, true).dup();
        exact.backward(ews, labels, 0, null);
        final SentimentNetwork.Workspace sws = single.newWorkspace();
        final INDArray ps = single.forward(sws, tokens, packing, true).castTo(DataType.DOUBLE);
        single.backward(sws, labels, 0, null);

        assertEquals(0.0, pe.sub(ps).amaxNumber().doubleValue(), 1e-6);
        for (int i = 0; i < exact.params().size(); i++) {
            final INDArray a = exact.params().get(i).grad();
            final INDArray b = single.params().get(i).grad().castTo(DataType.DOUBLE);
            assertEquals(0.0, a.sub(b).norm2Number().doubleValue() / Math.max(1e-3, a.norm2Number().doubleValue()),
                    1e-4, exact.params().get(i).name() + " in float32");
        }
    }

    private static double logOdds(final INDArray probabilities, final int b) {
        return Math.log(probabilities.getDouble(b, 1)) - Math.log(probabilities.getDouble(b, 0));
    }

    /** Reviews (longest first) in the packed time-major layout, each reversed if asked. */
    private static int[] timeMajor(final int[][] reviews, final boolean reversed) {
        final int batch = reviews.length;
        final int[] ids = new int[reviews[0].length * batch];
        for (int b = 0; b < batch; b++) {
            final int length = reviews[b].length;
            for (int t = 0; t < length; t++) {
                ids[t * batch + b] = reviews[b][reversed ? length - 1 - t : t];
            }
        }
        return ids;
    }
}
