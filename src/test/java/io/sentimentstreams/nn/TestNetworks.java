package io.sentimentstreams.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small double-precision cells and networks with non-trivial random weights (biases too) for the checks. */
final class TestNetworks {

    private TestNetworks() {
    }

    static RecurrentCell cell(final CellType type, final int e, final int h, final SplittableRandom random) {
        final int g = type.gates() * h;
        final INDArray wHx = Init.normal(random, DataType.DOUBLE, 0.5, g, e);
        final INDArray wHh = Init.normal(random, DataType.DOUBLE, 0.5, g, h);
        final INDArray b1 = Init.normal(random, DataType.DOUBLE, 0.3, 1, g).reshape(g);
        return switch (type) {
            case ELMAN -> new ElmanCell(Param.of("wHx", wHx), Param.of("wHh", wHh), Param.of("bH", b1));
            case LSTM -> new LstmCell(Param.of("wHx", wHx), Param.of("wHh", wHh), Param.of("b", b1));
            case GRU -> new GruCell(Param.of("wHx", wHx), Param.of("wHh", wHh), Param.of("bX", b1),
                    Param.of("bH", Init.normal(random, DataType.DOUBLE, 0.3, 1, g).reshape(g)));
        };
    }

    static SentimentNetwork network(final NetworkConfig config, final long seed) {
        final SentimentNetwork fresh = SentimentNetwork.create(config, Init.Recurrent.ORTHOGONAL, 1.0, seed,
                DataType.DOUBLE);
        final SplittableRandom random = new SplittableRandom(seed + 1);
        final List<INDArray> values = fresh.params().stream().map(Param::value).toList();
        for (final INDArray v : values) {
            v.addi(Init.normal(random, DataType.DOUBLE, 0.3, 1, v.length()).reshape(v.shape()));
        }
        return fresh;
    }

    /** Time-major ids 1..5 on the real steps of a packed batch, 0 (padding) elsewhere. */
    static int[] tokens(final Packing packing) {
        final int batch = packing.batchSize();
        final int[] tokens = new int[packing.steps() * batch];
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                tokens[t * batch + b] = 1 + (3 * t + b) % 5;
            }
        }
        return tokens;
    }
}
