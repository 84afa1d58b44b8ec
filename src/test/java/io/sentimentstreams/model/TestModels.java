package io.sentimentstreams.model;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;

/** Small, fast training set-ups for tests. */
final class TestModels {

    private TestModels() {
    }

    static TrainingConfig hashing(final CellType cell, final int buckets) {
        return new TrainingConfig(cell, 16, 16, Pooling.MAX, 0.0, 1, 16, 1e-2, 1.0, 5.0, "adam", 120,
                Truncation.HEAD_TAIL, 2_000, 1, buckets, 0, Init.Recurrent.ORTHOGONAL, 1.0, 3, 1);
    }

    static TrainingConfig tiny(final CellType cell, final int epochs, final int threads) {
        return new TrainingConfig(cell, 16, 16, Pooling.MAX, 0.0, epochs, 16, 1e-2, 1.0, 5.0, "adam", 120,
                Truncation.HEAD_TAIL, 2_000, 1, 0, 0, Init.Recurrent.ORTHOGONAL, 1.0, 3, threads);
    }
}
