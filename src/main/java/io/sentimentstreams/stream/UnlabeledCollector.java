package io.sentimentstreams.stream;

import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.serde.AvroDecodingException;
import io.sentimentstreams.stream.serde.AvroSerde;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the texts of the reviews topic to the online trainer as unlabeled text ({@link UnlabeledBatches}). A review
 * that cannot be decoded or fails the checks is skipped and counted in {@value StreamMetrics#UNLABELED_SKIPPED_TOTAL}:
 * the scorer reads the same records and sends them to the dead-letter topic, once. Texts dropped because the trainer
 * had not yet taken the previous full batch are counted in {@value StreamMetrics#UNLABELED_DROPPED_TOTAL}.
 */
final class UnlabeledCollector extends ContextualProcessor<byte[], byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(UnlabeledCollector.class);

    private final AvroSerde<ReviewEvent> serde;
    private final UnlabeledBatches batches;
    private final int maxChars;
    private Sensor skipped;
    private Sensor dropped;

    UnlabeledCollector(final AvroSerde<ReviewEvent> serde, final UnlabeledBatches batches, final int maxChars) {
        this.serde = serde;
        this.batches = batches;
        this.maxChars = maxChars;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        super.init(context);
        skipped = StreamMetrics.unlabeledSkipped(context.metrics());
        dropped = StreamMetrics.unlabeledDropped(context.metrics());
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        if (record.value() == null) {
            skip("it has no value");
            return;
        }
        final ReviewEvent review;
        try {
            review = serde.deserializer().deserialize(null, record.value());
        } catch (final AvroDecodingException e) {
            skip("it cannot be decoded (" + e.reason() + ")");
            return;
        }
        if (ReviewChecks.review(review, maxChars).isPresent()) {
            skip("it fails the checks of a review");
            return;
        }
        final int gone = batches.offer(review.getText());
        if (gone > 0) {
            dropped.record(gone);
        }
    }

    private void skip(final String why) {
        LOG.debug("The trainer skips a record of the reviews topic as unlabeled text: {}; the scorer dead-letters it.",
                why);
        skipped.record();
    }
}
