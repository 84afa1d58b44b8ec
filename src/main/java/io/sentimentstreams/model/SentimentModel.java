package io.sentimentstreams.model;

import io.sentimentstreams.nn.SentimentNetwork;

/**
 * A trained (or training) model: the network, the text pipeline it was trained with, and where it came from.
 * The network's weights may be shared by many {@link Scorer}s, one per thread.
 */
public record SentimentModel(SentimentNetwork network, TextPipeline pipeline, ModelMetadata metadata) {

    /** A scorer with its own buffers, for one thread. */
    public Scorer newScorer(final int maxBatch) {
        return new Scorer(this, maxBatch);
    }

    /**
     * This model for scoring only: its network a {@link SentimentNetwork#frozenCopy() frozen copy}, which looks
     * the input projections up instead of computing them and cannot train. Itself when already frozen.
     */
    public SentimentModel forScoring() {
        return network.isFrozen() ? this : new SentimentModel(network.frozenCopy(), pipeline, metadata);
    }

    public SentimentModel withMetadata(final ModelMetadata newMetadata) {
        return new SentimentModel(network, pipeline, newMetadata);
    }
}
