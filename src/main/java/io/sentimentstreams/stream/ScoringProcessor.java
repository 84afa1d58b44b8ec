package io.sentimentstreams.stream;

import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores reviews in batches without losing any: each review is first written to the changelogged
 * {@code scoring-buffer} store under a per-task sequence number; when the buffer holds
 * {@code scoring.batch.max.records} reviews, or when a wall-clock punctuation finds its oldest review older than
 * {@code scoring.batch.max.wait.ms} (checked every quarter of that wait, so a review waits at most 1.25 times
 * as long), every buffered review is scored in one batched forward pass, one score per
 * review is forwarded in arrival order, and the reviews are removed from the store. Under exactly-once the scores
 * and the removals commit together, and after a crash the buffer is restored from its changelog, so every review
 * is scored exactly once.
 * <p>A score is never NaN: a review whose model output is not a finite number (a model whose weights are finite
 * but so large that float arithmetic overflows) goes to the dead-letter topic instead, as the review event with
 * reason {@link DeadLetterReason#NON_FINITE_SCORE}, to be replayed once a sound model serves.
 */
final class ScoringProcessor extends ContextualProcessor<byte[], ReviewEvent, byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final String storeName;
    private final AvroSerde<ReviewEvent> serde;
    private final ModelRegistry registry;
    private final int maxRecords;
    private final long maxWaitMs;
    private final String instanceId;

    private KeyValueStore<Bytes, byte[]> buffer;
    private Sensor batches;
    private Sensor latency;
    private Sensor modelVersion;
    private Sensor nonFiniteScores;
    private long nextSequence;
    private int buffered;
    private long oldestArrivalMs;

    ScoringProcessor(final String storeName, final AvroSerde<ReviewEvent> serde, final ModelRegistry registry,
                     final int maxRecords, final long maxWaitMs, final String instanceId) {
        this.storeName = storeName;
        this.serde = serde;
        this.registry = registry;
        this.maxRecords = maxRecords;
        this.maxWaitMs = maxWaitMs;
        this.instanceId = instanceId;
    }

    @Override
    public void init(final ProcessorContext<byte[], Object> context) {
        super.init(context);
        buffer = context.getStateStore(storeName);
        batches = StreamMetrics.scoringBatches(context.metrics());
        latency = StreamMetrics.scoringLatency(context.metrics());
        modelVersion = StreamMetrics.modelVersion(context.metrics());
        nonFiniteScores = StreamMetrics.deadLetters(context.metrics(), DeadLetterReason.NON_FINITE_SCORE);
        readBuffer();
        context.schedule(Duration.ofMillis(Math.max(1, maxWaitMs / 4)), PunctuationType.WALL_CLOCK_TIME,
                this::scoreIfDue);
    }

    /** Counts what a restored buffer holds and where its sequence continues. */
    private void readBuffer() {
        buffered = 0;
        nextSequence = 0;
        oldestArrivalMs = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> all = buffer.all()) {
            while (all.hasNext()) {
                final KeyValue<Bytes, byte[]> entry = all.next();
                if (buffered == 0) {
                    oldestArrivalMs = BufferedRecord.fromBytes(entry.value).arrivalMs();
                }
                buffered++;
                nextSequence = BufferedRecord.sequence(entry.key.get()) + 1;
            }
        }
    }

    @Override
    public void process(final Record<byte[], ReviewEvent> record) {
        final long now = context().currentSystemTimeMs();
        final byte[] value = serde.serializer().serialize(null, record.value());
        buffer.put(Bytes.wrap(BufferedRecord.sequenceKey(nextSequence++)),
                new BufferedRecord(record.key(), value, record.timestamp(), now).toBytes());
        if (buffered++ == 0) {
            oldestArrivalMs = now;
        }
        if (buffered >= maxRecords) {
            scoreBuffer(now);
        }
    }

    private void scoreIfDue(final long now) {
        if (buffered > 0 && (buffered >= maxRecords || now - oldestArrivalMs >= maxWaitMs)) {
            scoreBuffer(now);
        }
    }

    /** Scores every buffered review in one batched pass, forwards the scores in arrival order, empties the buffer. */
    private void scoreBuffer(final long now) {
        final List<Bytes> keys = new ArrayList<>(buffered);
        final List<BufferedRecord> records = new ArrayList<>(buffered);
        try (KeyValueIterator<Bytes, byte[]> all = buffer.all()) {
            while (all.hasNext()) {
                final KeyValue<Bytes, byte[]> entry = all.next();
                keys.add(entry.key);
                records.add(BufferedRecord.fromBytes(entry.value));
            }
        }
        final ModelRegistry.LoadedModel model = registry.current();
        final List<ReviewEvent> reviews = new ArrayList<>(records.size());
        final List<int[]> tokenIds = new ArrayList<>(records.size());
        final long start = System.nanoTime();
        for (final BufferedRecord r : records) {
            final ReviewEvent review = serde.deserializer().deserialize(null, r.value());
            reviews.add(review);
            tokenIds.add(model.model().pipeline().encode(review.getText()));
        }
        final double[] probabilities = registry.scorer(model).positiveProbabilitiesOfIds(tokenIds);
        latency.record((System.nanoTime() - start) / 1e6, now);
        for (int i = 0; i < records.size(); i++) {
            if (!Double.isFinite(probabilities[i])) {
                deadLetter(records.get(i), model);
                continue;
            }
            final SentimentScore score = score(reviews.get(i), probabilities[i], tokenIds.get(i).length, model, now);
            context().forward(new Record<>(records.get(i).key(), score, records.get(i).timestamp()),
                    SentimentTopology.SCORES_SINK);
        }
        keys.forEach(buffer::delete);
        batches.record(records.size(), now);
        modelVersion.record(model.version(), now);
        buffered = 0;
        oldestArrivalMs = Long.MAX_VALUE;
    }

    /** A review the model could not score: to the dead-letter topic, as the review event, with the reason. */
    private void deadLetter(final BufferedRecord review, final ModelRegistry.LoadedModel model) {
        final Rejection rejection = new Rejection(DeadLetterReason.NON_FINITE_SCORE, "Model version "
                + model.version() + " scored this review NaN (its arithmetic overflowed); the review is not scored.");
        LOG.warn("Sent a review to the dead-letter topic: {}", rejection.reason());
        nonFiniteScores.record();
        final Record<byte[], Object> letter = new Record<>(review.key(), review.value(), review.timestamp(),
                DeadLetters.describe(new RecordHeaders(), rejection, null));
        context().forward(letter, SentimentTopology.SCORING_DEAD_LETTERS_SINK);
    }

    private SentimentScore score(final ReviewEvent review, final double probability, final int tokens,
                                 final ModelRegistry.LoadedModel model, final long now) {
        return SentimentScore.newBuilder()
                .setReviewId(review.getId())
                .setPositiveProbability(probability)
                .setPredictedLabel(probability >= 0.5 ? 1 : 0)
                .setModelVersion(model.version())
                .setModelAgeMs(now - model.createdTimeMs())
                .setTokenCount(tokens)
                .setEventTime(review.getEventTime())
                .setScoredTime(Instant.ofEpochMilli(now))
                .setInstanceId(instanceId)
                .build();
    }
}
