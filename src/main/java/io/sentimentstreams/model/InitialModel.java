package io.sentimentstreams.model;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.HashingEncoder;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.TruncationPolicy;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The untrained model a stream starts from when no model has been published: words hashed into buckets (so the
 * vocabulary needs no pass over the data), orthogonal W_hh, float32. The same seed gives the same weights on every
 * instance.
 *
 * @param cell           recurrent cell
 * @param hashingBuckets hash buckets of the tokenizer (the vocabulary is this plus 2)
 * @param embedding      embedding size E
 * @param hidden         hidden size H
 * @param pooling        how hidden states become features
 * @param maxTokens      tokens read from a review at most
 * @param truncation     which tokens of a longer review are kept
 * @param seed           seed of the weights
 */
public record InitialModel(CellType cell, int hashingBuckets, int embedding, int hidden, Pooling pooling,
                           int maxTokens, Truncation truncation, long seed) {

    /** A new model with freshly initialised weights. */
    public SentimentModel create() {
        final HashingEncoder encoder = new HashingEncoder(hashingBuckets);
        final NetworkConfig config = new NetworkConfig(cell, encoder.size(), embedding, hidden, 2, pooling, 0.0);
        final SentimentNetwork network = SentimentNetwork.create(config, Init.Recurrent.ORTHOGONAL, 1.0, seed,
                DataType.FLOAT);
        final TextPipeline pipeline = new TextPipeline(encoder, new TruncationPolicy(maxTokens, truncation));
        return new SentimentModel(network, pipeline, ModelMetadata.fresh(Map.of("seed", seed)));
    }
}
