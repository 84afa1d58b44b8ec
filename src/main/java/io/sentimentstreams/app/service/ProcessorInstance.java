package io.sentimentstreams.app.service;

import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.SentimentTopology;
import io.sentimentstreams.stream.StreamMetrics;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * One instance of the streaming processor inside this JVM, built as the {@code run} command builds it: the demo runs
 * two, the integration tests as many as they need. A failed stream thread shuts the instance down and is kept as
 * {@link #failure()}.
 */
public final class ProcessorInstance implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsSettings settings;
    private final ModelRegistry registry;
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private ProcessorInstance(final StreamsSettings settings) {
        this.settings = settings;
        this.registry = ModelRegistry.withInitialModel(settings, System.currentTimeMillis());
        this.streams = new KafkaStreams(SentimentTopology.build(settings, StreamSerdes.create(), registry),
                settings.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** Creates and starts an instance; it joins the group in the background. */
    public static ProcessorInstance start(final StreamsSettings settings) {
        final ProcessorInstance instance = new ProcessorInstance(settings);
        instance.streams.start();
        return instance;
    }

    public String id() {
        return settings.instanceId();
    }

    public StreamsSettings settings() {
        return settings;
    }

    /** The models this instance scores with. */
    public ModelRegistry registry() {
        return registry;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** The error that stopped a stream thread of this instance, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Fails with the stream thread's error if this instance has died. */
    public void checkHealthy() {
        final Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Instance " + id() + " failed: " + e.getMessage(), e);
        }
    }

    /** Version of the model this instance scores with. */
    public long modelVersion() {
        return registry.current().version();
    }

    /** The online trainer's prequential accuracy on this instance, once it has taken a training step here. */
    public OptionalDouble prequentialAccuracy() {
        return trainingSteps() > 0 ? metric(StreamMetrics.PREQUENTIAL_ACCURACY) : OptionalDouble.empty();
    }

    /** Training steps the online trainer on this instance has taken; 0 if it has taken none or does not train. */
    public long trainingSteps() {
        return (long) metric(StreamMetrics.TRAINING_STEPS).orElse(0);
    }

    /** The sum of one of this processor's own metrics over its tags (a counter by reason, say); 0 if none. */
    public long metricTotal(final String name) {
        double total = 0;
        for (final Metric metric : streams.metrics().values()) {
            if (metric.metricName().group().equals(StreamMetrics.GROUP) && metric.metricName().name().equals(name)
                    && metric.metricValue() instanceof Double value && Double.isFinite(value)) {
                total += value;
            }
        }
        return Math.round(total);
    }

    /** The finite value of one of this processor's own metrics, if it has one. */
    private OptionalDouble metric(final String name) {
        for (final Metric metric : streams.metrics().values()) {
            if (metric.metricName().group().equals(StreamMetrics.GROUP) && metric.metricName().name().equals(name)
                    && metric.metricValue() instanceof Double value && Double.isFinite(value)) {
                return OptionalDouble.of(value);
            }
        }
        return OptionalDouble.empty();
    }

    /** Whether this instance owns an active task reading {@code topic}. */
    public boolean readsFrom(final String topic) {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(partition -> partition.topic().equals(topic));
    }

    /** Closes cleanly (committing) and leaves the group, so the other instances take over at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}
