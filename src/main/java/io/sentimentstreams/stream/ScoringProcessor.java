package io.sentimentstreams.stream;

import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores reviews in batches without losing any. Each review is first written to the changelogged
 * {@code scoring-buffer} store under a per-task sequence number and joins the reviews waiting for a batch. A batch
 * of up to {@code scoring.batch.max.records} waiting reviews is handed to the {@link ScoringWorkers} when that many
 * wait, or, once the oldest has waited {@code scoring.batch.max.wait.ms}, as soon as a worker is free (checked every
 * millisecond by a wall-clock punctuation); while every worker is busy, waiting reviews gather into larger batches.
 * The worker tokenises the batch and runs one forward pass; meanwhile the stream thread goes on polling, buffering
 * and committing. Finished batches are forwarded in the order they were handed out, one score per review in arrival
 * order, their reviews are removed from the store, and a commit is requested so their scores become visible at
 * once. Under exactly-once the scores and the removals commit together; a review whose score has not been forwarded
 * is still in the store, so after a crash the restored buffer is scored again and every review is scored exactly
 * once. A task holds at most {@value #MAX_PENDING_BATCHES} batches handed out and not yet forwarded; beyond that
 * the stream thread waits for the oldest.
 * <p>A score is never NaN: a review whose model output is not a finite number (a model whose weights are finite
 * but so large that float arithmetic overflows) goes to the dead-letter topic instead, as the review event with
 * reason {@link DeadLetterReason#NON_FINITE_SCORE}, to be replayed once a sound model serves.
 */
final class ScoringProcessor extends ContextualProcessor<byte[], Decoded.Accepted<ReviewEvent>, byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    static final int MAX_PENDING_BATCHES = 2;
    static final Duration CHECK_EVERY = Duration.ofMillis(1);

    /**
     * Store keys are the sequence number modulo this many slots, so the compacted changelog holds at most this many
     * keys however long the instance runs. The reviews in the store are always a run of consecutive sequence
     * numbers (they leave in arrival order), far fewer than this: at most {@value #MAX_PENDING_BATCHES} + 1 batches
     * of at most {@code scoring.batch.max.records} (10,000).
     */
    static final int SLOTS = 1 << 16;

    /** A review in the buffer store, decoded and as received, waiting for a batch or in one. */
    private record Buffered(Bytes storeKey, byte[] key, ReviewEvent review, byte[] raw, long timestamp,
                            long arrivalMs) {
    }

    /**
     * What a worker computed for a batch: probabilities and token counts in batch order, how long it took, and when
     * (System.nanoTime) it started and finished.
     */
    private record Scored(double[] probabilities, int[] tokenCounts, double millis, long startNanos,
                          long doneNanos) {
    }

    /**
     * Reviews handed to a worker, the model that scores them, the result to come, and when they were handed out
     * (the processor's clock, and System.nanoTime for the worker's side).
     */
    private record Batch(List<Buffered> reviews, ModelRegistry.LoadedModel model, CompletableFuture<Scored> scored,
                         long handOutMs, long handOutNanos) {
    }

    private final String storeName;
    private final AvroSerde<ReviewEvent> serde;
    private final ModelRegistry registry;
    private final ScoringWorkers workers;
    private final int maxRecords;
    private final long maxWaitMs;
    private final String instanceId;
    private final ArrayDeque<Buffered> waiting = new ArrayDeque<>();
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    private KeyValueStore<Bytes, byte[]> buffer;
    private Sensor batches;
    private Sensor latency;
    private Sensor modelVersion;
    private Sensor nonFiniteScores;
    private StreamMetrics.ScoringStageSensors stages;
    private long nextSequence;

    ScoringProcessor(final String storeName, final AvroSerde<ReviewEvent> serde, final ModelRegistry registry,
                     final ScoringWorkers workers, final int maxRecords, final long maxWaitMs,
                     final String instanceId) {
        this.storeName = storeName;
        this.serde = serde;
        this.registry = registry;
        this.workers = workers;
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
        stages = StreamMetrics.scoringStages(context.metrics());
        readBuffer();
        context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    /** Every review a restored buffer holds waits again, in arrival order; the sequence continues after the last. */
    private void readBuffer() {
        waiting.clear();
        pending.clear();
        nextSequence = 0;
        final List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = buffer.all()) {
            all.forEachRemaining(entries::add);
        }
        for (final KeyValue<Bytes, byte[]> entry : inArrivalOrder(entries)) {
            final BufferedRecord record = BufferedRecord.fromBytes(entry.value);
            waiting.add(new Buffered(entry.key, record.key(), serde.deserializer().deserialize(null,
                    record.value()), record.value(), record.timestamp(), record.arrivalMs()));
            nextSequence = BufferedRecord.sequence(entry.key.get()) + 1;
        }
    }

    /**
     * The entries of the store (in key order) in arrival order. Slot keys form a run that may wrap around from the
     * last slot to slot 0: it starts at the key whose predecessor is absent. Keys of {@link #SLOTS} or more are whole
     * sequence numbers, written before slots were used; they are older, so they come first.
     */
    static List<KeyValue<Bytes, byte[]>> inArrivalOrder(final List<KeyValue<Bytes, byte[]>> entries) {
        final List<KeyValue<Bytes, byte[]>> ordered = new ArrayList<>(entries.size());
        final List<KeyValue<Bytes, byte[]>> slots = new ArrayList<>(entries.size());
        final Set<Long> used = new HashSet<>();
        for (final KeyValue<Bytes, byte[]> entry : entries) {
            final long sequence = BufferedRecord.sequence(entry.key.get());
            if (sequence >= SLOTS) {
                ordered.add(entry);
            } else {
                slots.add(entry);
                used.add(sequence);
            }
        }
        int start = 0;
        while (start < slots.size()
                && used.contains((BufferedRecord.sequence(slots.get(start).key.get()) - 1) & (SLOTS - 1))) {
            start++;
        }
        ordered.addAll(slots.subList(start, slots.size()));
        ordered.addAll(slots.subList(0, start));
        return ordered;
    }

    @Override
    public void process(final Record<byte[], Decoded.Accepted<ReviewEvent>> record) {
        final long now = context().currentSystemTimeMs();
        final Bytes storeKey = Bytes.wrap(BufferedRecord.sequenceKey(nextSequence++ & (SLOTS - 1)));
        final byte[] raw = record.value().raw();
        buffer.put(storeKey, new BufferedRecord(record.key(), raw, record.timestamp(), now).toBytes());
        waiting.add(new Buffered(storeKey, record.key(), record.value().value(), raw, record.timestamp(), now));
        if (waiting.size() >= maxRecords) {
            while (pending.size() >= MAX_PENDING_BATCHES) {
                pending.peekFirst().scored().handle((scored, failure) -> scored).join();  // a failure: below
                forwardScored(now);
            }
            handOut(now);
        }
        forwardScored(now);
    }

    /** Forwards finished batches and hands out a partial batch that has waited long enough, if a worker is free. */
    private void check(final long now) {
        forwardScored(now);
        if (!waiting.isEmpty() && now - waiting.peekFirst().arrivalMs() >= maxWaitMs && workers.idle()
                && pending.size() < MAX_PENDING_BATCHES) {
            handOut(now);
            forwardScored(now);
        }
    }

    /** Hands up to {@code maxRecords} waiting reviews to a worker, to be scored by the current model. */
    private void handOut(final long now) {
        final int size = Math.min(maxRecords, waiting.size());
        final List<Buffered> reviews = new ArrayList<>(size);
        final List<String> texts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            final Buffered review = waiting.poll();
            reviews.add(review);
            texts.add(review.review().getText());
        }
        final ModelRegistry.LoadedModel model = registry.current();
        pending.add(new Batch(reviews, model, workers.submit(() -> score(model, texts)), now, System.nanoTime()));
    }

    /** Runs on a worker: tokenises the texts and scores them in one batched forward pass. */
    private Scored score(final ModelRegistry.LoadedModel model, final List<String> texts) {
        final long start = System.nanoTime();
        final List<int[]> tokenIds = new ArrayList<>(texts.size());
        for (final String text : texts) {
            tokenIds.add(model.model().pipeline().encode(text));
        }
        final double[] probabilities = registry.scorer(model).positiveProbabilitiesOfIds(tokenIds);
        final int[] tokenCounts = tokenIds.stream().mapToInt(ids -> ids.length).toArray();
        final long done = System.nanoTime();
        return new Scored(probabilities, tokenCounts, (done - start) / 1e6, start, done);
    }

    /**
     * Forwards the scores of every finished batch at the head of the queue, removes their reviews from the store and
     * asks for a commit.
     */
    private void forwardScored(final long now) {
        boolean forwarded = false;
        while (!pending.isEmpty() && pending.peekFirst().scored().isDone()) {
            final Batch batch = pending.poll();
            final Scored scored = result(batch);
            recordStages(batch, scored, now);
            for (int i = 0; i < batch.reviews().size(); i++) {
                final Buffered review = batch.reviews().get(i);
                if (!Double.isFinite(scored.probabilities()[i])) {
                    deadLetter(review, batch.model());
                    continue;
                }
                final SentimentScore score = score(review.review(), scored.probabilities()[i],
                        scored.tokenCounts()[i], batch.model(), now);
                context().forward(new Record<>(review.key(), score, review.timestamp()),
                        SentimentTopology.SCORES_SINK);
            }
            for (final Buffered review : batch.reviews()) {
                buffer.delete(review.storeKey());
            }
            latency.record(scored.millis(), now);
            batches.record(batch.reviews().size(), now);
            modelVersion.record(batch.model().version(), now);
            forwarded = true;
        }
        if (forwarded) {
            context().commit();
        }
    }

    /** Each review's wait, the batch's queue and score times, and how long its scores waited to be forwarded. */
    private void recordStages(final Batch batch, final Scored scored, final long now) {
        final double queue = Math.max(0, scored.startNanos() - batch.handOutNanos()) / 1e6;
        final double forward = Math.max(0, System.nanoTime() - scored.doneNanos()) / 1e6;
        for (final Buffered review : batch.reviews()) {
            stages.batchWait().record(Math.max(0, batch.handOutMs() - review.arrivalMs()), now);
            stages.queue().record(queue, now);
            stages.score().record(scored.millis(), now);
            stages.forward().record(forward, now);
        }
    }

    private static Scored result(final Batch batch) {
        try {
            return batch.scored().join();
        } catch (final CompletionException e) {
            throw new StreamsException("Scoring a batch of " + batch.reviews().size() + " reviews failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A review the model could not score: to the dead-letter topic, as the review event, with the reason. */
    private void deadLetter(final Buffered review, final ModelRegistry.LoadedModel model) {
        final Rejection rejection = new Rejection(DeadLetterReason.NON_FINITE_SCORE, "Model version "
                + model.version() + " scored this review NaN (its arithmetic overflowed); the review is not scored.");
        LOG.warn("Sent a review to the dead-letter topic: {}", rejection.reason());
        nonFiniteScores.record();
        final Record<byte[], Object> letter = new Record<>(review.key(), review.raw(), review.timestamp(),
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

    /** Batches still being scored are dropped: their reviews stay in the store for whoever owns the task next. */
    @Override
    public void close() {
        waiting.clear();
        pending.clear();
    }
}
