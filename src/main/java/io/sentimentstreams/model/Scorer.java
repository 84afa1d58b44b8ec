package io.sentimentstreams.model;

import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.Batch;
import io.sentimentstreams.text.LengthBucketBatcher;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores texts in batched forward passes: texts are sorted by length and cut into batches of at most
 * {@code maxBatch}, so every batch is one set of large GEMMs with little padding. Not thread-safe: one per thread.
 */
public final class Scorer implements TextScorer {

    private final SentimentModel model;
    private final int maxBatch;
    private final SentimentNetwork.Workspace workspace;

    Scorer(final SentimentModel model, final int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
        this.workspace = model.network().newWorkspace();
    }

    /** Probability of the positive class for each text, in input order. */
    @Override
    public double[] positiveProbabilities(final List<String> texts) {
        final List<int[]> sequences = new ArrayList<>(texts.size());
        for (final String text : texts) {
            sequences.add(model.pipeline().encode(text));
        }
        return positiveProbabilitiesOfIds(sequences);
    }

    /** As {@link #positiveProbabilities} for already encoded texts. */
    public double[] positiveProbabilitiesOfIds(final List<int[]> sequences) {
        final double[] result = new double[sequences.size()];
        if (sequences.isEmpty()) {
            return result;
        }
        for (final Batch batch : LengthBucketBatcher.sortedBatches(sequences, null, maxBatch)) {
            final INDArray probabilities = model.network().forward(workspace, batch.tokenIds(),
                    Packing.of(batch.lengths()), false);
            for (int b = 0; b < batch.batchSize(); b++) {
                result[batch.rows()[b]] = probabilities.getDouble(b, 1);
            }
        }
        return result;
    }
}
