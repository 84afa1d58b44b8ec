package io.sentimentstreams.stream.serde;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelEvent;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import java.util.Objects;
import org.apache.avro.message.SchemaStore;

/**
 * The value serdes of every topic the processor reads or writes, passed explicitly to the topology.
 *
 * @param reviews   the reviews topic
 * @param labeled   the labeled-reviews topic
 * @param scores    the scores topic
 * @param snapshots the models topic
 * @param events    the model-events topic
 */
public record StreamSerdes(AvroSerde<ReviewEvent> reviews, AvroSerde<LabeledReview> labeled,
                           AvroSerde<SentimentScore> scores, AvroSerde<ModelSnapshot> snapshots,
                           AvroSerde<ModelEvent> events) {

    public StreamSerdes {
        Objects.requireNonNull(reviews, "reviews");
        Objects.requireNonNull(labeled, "labeled");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(events, "events");
    }

    /** Serdes that share one new store of the current and historical writer schemas ({@link WriterSchemas}). */
    public static StreamSerdes create() {
        return create(WriterSchemas.store());
    }

    /** Serdes that resolve older writer schemas through {@code writerSchemas}. */
    public static StreamSerdes create(final SchemaStore writerSchemas) {
        return new StreamSerdes(
                AvroSerde.of(ReviewEvent.class, writerSchemas),
                AvroSerde.of(LabeledReview.class, writerSchemas),
                AvroSerde.of(SentimentScore.class, writerSchemas),
                AvroSerde.of(ModelSnapshot.class, writerSchemas),
                AvroSerde.of(ModelEvent.class, writerSchemas));
    }
}
