package io.sentimentstreams.app.bench;

import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.HdrHistogram.Histogram;

/**
 * Reads the scores topic from the beginning with a {@code read_committed} consumer (no group) on a thread of its
 * own, so a score counts once its transaction has committed. Reviews are named {@code <phase>-<n>}; for each phase
 * it keeps the reviews scored (and scored more than once), when each new score was read, and the end-to-end latency
 * from the review's event time (set when it was produced) to that moment. It also notes when each instance
 * (the score's {@code instanceId}) was first read.
 */
public final class BenchScores implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);

    /** What was read of one phase's reviews. */
    static final class Phase {
        private final Set<String> scored = new HashSet<>();
        private final List<Long> readNanos = new ArrayList<>();
        private final Histogram latencies = new Histogram(3);
        private final Histogram untilScored = new Histogram(3);
        private final Semaphore permits;
        private long duplicates;

        private Phase(final Semaphore permits) {
            this.permits = permits;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final StreamSerdes serdes = StreamSerdes.create();
    private final Map<String, Phase> phases = new HashMap<>();
    private final Map<String, Long> firstReadNanosByInstance = new HashMap<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    BenchScores(final String bootstrapServers, final String scoresTopic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"),
                new StringDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(scoresTopic).stream()
                .map(p -> new TopicPartition(scoresTopic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::readUntilClosed, "bench-scores");
        thread.setDaemon(true);
    }

    /** Starts reading. */
    void start() {
        thread.start();
    }

    /**
     * Starts keeping the scores of reviews named {@code prefix-<n>}; each new one releases a permit of
     * {@code permits} (null for none), so that a producer can bound the reviews in flight.
     */
    synchronized void track(final String prefix, final Semaphore permits) {
        phases.put(prefix, new Phase(permits));
    }

    /** Distinct reviews of phase {@code prefix} scored so far. */
    synchronized int scored(final String prefix) {
        return phase(prefix).scored.size();
    }

    /** Reviews of phase {@code prefix} scored more than once so far (each extra score counts). */
    synchronized long duplicates(final String prefix) {
        return phase(prefix).duplicates;
    }

    /** Whether review {@code id} of phase {@code prefix} has been scored. */
    synchronized boolean isScored(final String prefix, final String id) {
        return phase(prefix).scored.contains(id);
    }

    /** When (in {@link System#nanoTime()}) the {@code k}-th distinct score of the phase was read, k from 0. */
    synchronized long readNanos(final String prefix, final int k) {
        return phase(prefix).readNanos.get(k);
    }

    /** The end-to-end latency quantile {@code q} of the phase's scores, in ms; NaN before the first. */
    synchronized double latencyQuantileMs(final String prefix, final double q) {
        return quantile(phase(prefix).latencies, q);
    }

    /**
     * The quantile {@code q} of the phase's time from event time to the score's {@code scoredTime} (when the instance
     * forwarded it, before its commit), in ms; NaN before the first.
     */
    synchronized double untilScoredQuantileMs(final String prefix, final double q) {
        return quantile(phase(prefix).untilScored, q);
    }

    /** When (in {@link System#nanoTime()}) the first score by {@code instanceId} was read, or -1. */
    synchronized long firstReadNanos(final String instanceId) {
        return firstReadNanosByInstance.getOrDefault(instanceId, -1L);
    }

    /**
     * Waits until {@code condition} holds; false when {@code timeout} passes first. Fails if reading failed, or
     * when {@code alive} turns false (the instance died).
     */
    boolean await(final BooleanSupplier condition, final Duration timeout, final BooleanSupplier alive)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (failure != null) {
                throw failure;
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("The processor instance has ended.");
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    private Phase phase(final String prefix) {
        final Phase phase = phases.get(prefix);
        if (phase == null) {
            throw new IllegalArgumentException("no phase '" + prefix + "' is tracked");
        }
        return phase;
    }

    private void readUntilClosed() {
        try {
            while (!closing) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    count(serdes.scores().deserializer().deserialize(record.topic(), record.value()));
                }
            }
        } catch (final WakeupException e) {
            if (!closing) {
                failure = new IllegalStateException("The score reader was woken up unexpectedly.", e);
            }
        } catch (final RuntimeException e) {
            failure = new IllegalStateException("Reading the scores failed: " + e.getMessage(), e);
        }
    }

    private void count(final SentimentScore score) {
        final long readNanos = System.nanoTime();
        final long readMs = System.currentTimeMillis();
        final String id = score.getReviewId();
        final Semaphore permits;
        synchronized (this) {
            final String instance = score.getInstanceId();
            if (instance != null) {
                firstReadNanosByInstance.putIfAbsent(instance, readNanos);
            }
            final int dash = id.indexOf('-');
            final Phase phase = dash < 0 ? null : phases.get(id.substring(0, dash));
            if (phase == null) {
                return;
            }
            if (!phase.scored.add(id)) {
                phase.duplicates++;
                return;
            }
            phase.readNanos.add(readNanos);
            phase.latencies.recordValue(Math.max(0, readMs - score.getEventTime().toEpochMilli()));
            phase.untilScored.recordValue(Math.max(0,
                    score.getScoredTime().toEpochMilli() - score.getEventTime().toEpochMilli()));
            permits = phase.permits;
        }
        if (permits != null) {
            permits.release();
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            consumer.close();
        }
    }

    /** Quantile {@code q} of a histogram of whole milliseconds; NaN when it is empty. */
    private static double quantile(final Histogram histogram, final double q) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(100 * q);
    }
}
