package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network frozen for scoring ({@link SentimentNetwork#frozenCopy()}) looks its inputs' projections up in a table
 * of the whole vocabulary: it must score as the network it was copied from, in float64 to rounding and in float32
 * (the production path) within float32's error of the input dot products, keep its own weights, and refuse to train.
 */
class FrozenNetworkTest {

    private static final int[] LENGTHS = {7, 7, 5, 2, 1};

    static List<Arguments> setups() {
        final List<Arguments> cases = new ArrayList<>();
        for (final CellType type : CellType.values()) {
            for (final DataType precision : List.of(DataType.DOUBLE, DataType.FLOAT)) {
                cases.add(Arguments.of(type, false, Pooling.LAST, precision));
                cases.add(Arguments.of(type, true, Pooling.MAX, precision));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} bidirectional {1} {2} {3}")
    @MethodSource("setups")
    void shouldScoreAsTheNetworkItWasCopiedFrom(final CellType type, final boolean bidirectional,
                                                final Pooling pooling, final DataType precision) {
        final SentimentNetwork network = network(type, bidirectional, pooling, precision);
        final SentimentNetwork frozen = network.frozenCopy();
        final Packing packing = Packing.of(LENGTHS);
        final int[] tokens = tokens(packing, 50);

        final double[] expected = positive(network, tokens, packing);
        final double[] actual = positive(frozen, tokens, packing);

        // float32: the looked-up projection sums the E products in another order than the GEMM over the batch
        final double tolerance = precision == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertArrayEquals(expected, actual, tolerance);
        assertTrue(frozen.isFrozen());
        assertFalse(network.isFrozen());
    }

    @ParameterizedTest(name = "{0} bidirectional {1} {2} {3}")
    @MethodSource("setups")
    void shouldKeepItsScoresWhenTheNetworkItCameFromTrains(final CellType type, final boolean bidirectional,
                                                           final Pooling pooling, final DataType precision) {
        final SentimentNetwork network = network(type, bidirectional, pooling, precision);
        final SentimentNetwork frozen = network.frozenCopy();
        final Packing packing = Packing.of(LENGTHS);
        final int[] tokens = tokens(packing, 50);
        final double[] before = positive(frozen, tokens, packing);

        for (final Param p : network.params()) {
            p.value().addi(0.5);  // the original moves on, as a trainer's network does
        }

        assertArrayEquals(before, positive(frozen, tokens, packing), 0.0);
        final double[] moved = positive(network, tokens, packing);
        assertTrue(Math.abs(moved[0] - before[0]) > 1e-6, "the original's scores should have changed");
    }

    @ParameterizedTest(name = "{0} bidirectional {1} {2} {3}")
    @MethodSource("setups")
    void shouldRefuseToTrain(final CellType type, final boolean bidirectional, final Pooling pooling,
                             final DataType precision) {
        final SentimentNetwork frozen = network(type, bidirectional, pooling, precision).frozenCopy();
        final Packing packing = Packing.of(LENGTHS);
        final SentimentNetwork.Workspace ws = frozen.newWorkspace();
        frozen.forward(ws, tokens(packing, 50), packing, true);

        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> frozen.backward(ws, new int[LENGTHS.length], 0, null));
        assertEquals("a network frozen for scoring does not train", e.getMessage());
    }

    /** V = 50, E = 16, H = 12, K = 2, freshly initialised (seed 5). */
    private static SentimentNetwork network(final CellType type, final boolean bidirectional, final Pooling pooling,
                                            final DataType precision) {
        final NetworkConfig config = new NetworkConfig(type, 50, 16, 12, 2, pooling, 0.0, bidirectional);
        return SentimentNetwork.create(config, Init.Recurrent.ORTHOGONAL, 1.0, 5, precision);
    }

    private static double[] positive(final SentimentNetwork network, final int[] tokens, final Packing packing) {
        final INDArray probabilities = network.forward(network.newWorkspace(), tokens, packing, false);
        final double[] positive = new double[packing.batchSize()];
        for (int b = 0; b < positive.length; b++) {
            positive[b] = probabilities.getDouble(b, 1);
        }
        return positive;
    }

    /** Random token ids in [1, V) at the real positions, padding (0) elsewhere. */
    private static int[] tokens(final Packing packing, final int vocabulary) {
        final SplittableRandom random = new SplittableRandom(11);
        final int batch = packing.batchSize();
        final int[] tokens = new int[packing.steps() * batch];
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                tokens[t * batch + b] = 1 + random.nextInt(vocabulary - 1);
            }
        }
        return tokens;
    }
}
