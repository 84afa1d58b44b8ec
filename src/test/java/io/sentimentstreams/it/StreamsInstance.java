package io.sentimentstreams.it;

import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.SentimentTopology;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** One instance of the streaming processor against a real broker, built exactly as the {@code run} command does. */
final class StreamsInstance implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    final StreamsSettings settings;
    final ModelRegistry registry;
    final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private StreamsInstance(final StreamsSettings settings) {
        this.settings = settings;
        this.registry = ModelRegistry.withInitialModel(settings, System.currentTimeMillis());
        this.streams = new KafkaStreams(SentimentTopology.build(settings, StreamSerdes.create(), registry),
                settings.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /**
     * Settings for a test: small model, exactly-once, topics and application id under {@code prefix}, state in
     * {@code stateDir}; {@code overrides} last.
     */
    static StreamsSettings settings(final String bootstrapServers, final String prefix, final Path stateDir,
                                    final String instanceId, final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put(StreamsSettings.APPLICATION_ID, prefix + "-app");
        values.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        values.put(StreamsSettings.STATE_DIR, stateDir.toString());
        values.put(StreamsSettings.INSTANCE_ID, instanceId);
        values.put(StreamsSettings.PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
        values.put(StreamsSettings.TOPICS_REVIEWS, prefix + "-reviews");
        values.put(StreamsSettings.TOPICS_LABELED_REVIEWS, prefix + "-labeled-reviews");
        values.put(StreamsSettings.TOPICS_SCORES, prefix + "-scores");
        values.put(StreamsSettings.TOPICS_MODELS, prefix + "-models");
        values.put(StreamsSettings.TOPICS_DEAD_LETTERS, prefix + "-dead-letters");
        values.put(StreamsSettings.MODEL_EMBEDDING, "16");
        values.put(StreamsSettings.MODEL_HIDDEN, "16");
        values.put(StreamsSettings.MODEL_HASHING_BUCKETS, "4096");
        values.put(StreamsSettings.SCORING_BATCH_MAX_RECORDS, "32");
        values.put(StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, "20");
        values.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        values.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "10000");
        values.putAll(overrides);
        return StreamsSettings.of(values);
    }

    /** Starts an instance and waits until it is running. */
    static StreamsInstance start(final StreamsSettings settings) {
        final StreamsInstance instance = new StreamsInstance(settings);
        instance.streams.start();
        instance.awaitRunning();
        return instance;
    }

    /** Waits until the instance is running (after a rebalance, for example); fails fast if it failed. */
    void awaitRunning() {
        Await.until("instance " + settings.instanceId() + " is RUNNING", () -> {
            assertHealthy();
            return streams.state() == KafkaStreams.State.RUNNING;
        }, () -> "its state is " + streams.state());
    }

    /** Whether this instance owns an active task reading {@code topic}. */
    boolean readsFrom(final String topic) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(partition -> partition.topic().equals(topic));
    }

    /** Fails if a stream thread of this instance has died. */
    void assertHealthy() {
        if (failure.get() != null) {
            throw new AssertionError("Instance " + settings.instanceId() + " failed", failure.get());
        }
    }

    /** Closes cleanly (committing) and leaves the group, so the other instances take over at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}
