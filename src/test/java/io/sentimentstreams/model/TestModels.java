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

    /**
     * Plain SGD: a step is proportional to the gradient, so a gradient of the wrong scale (a sum over workers
     * where a mean is due) gives different weights; Adam's normalised steps would hide it.
     */
    static TrainingConfig tinySgd(final CellType cell, final int threads) {
        return new TrainingConfig(cell, 16, 16, Pooling.MAX, 0.0, 1, 16, 0.5, 1.0, 0.0, "sgd", 120,
                Truncation.HEAD_TAIL, 2_000, 1, 0, 0, Init.Recurrent.ORTHOGONAL, 1.0, 3, threads);
    }

    static TrainingConfig tiny(final CellType cell, final int epochs, final int threads) {
        return new TrainingConfig(cell, 16, 16, Pooling.MAX, 0.0, epochs, 16, 1e-2, 1.0, 5.0, "adam", 120,
                Truncation.HEAD_TAIL, 2_000, 1, 0, 0, Init.Recurrent.ORTHOGONAL, 1.0, 3, threads);
    }
}
