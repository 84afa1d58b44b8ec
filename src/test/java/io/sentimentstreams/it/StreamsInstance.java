package io.sentimentstreams.it;

import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.app.service.ProcessorInstance;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.app.service.ProcessorInstance;
import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** A {@link ProcessorInstance} for a test: started and awaited, failures raised as assertion errors. */
final class StreamsInstance implements AutoCloseable {

    final StreamsSettings settings;
    final ModelRegistry registry;
    final KafkaStreams streams;
    private final ProcessorInstance instance;

    private StreamsInstance(final ProcessorInstance instance) {
        this.instance = instance;
        this.settings = instance.settings();
        this.registry = instance.registry();
        this.streams = instance.streams();
    }

    /**
     * Settings for a test on {@code kafka}: a small model, one stream thread, topics and application id under
     * {@code prefix} (see {@link EmbeddedKafka#applicationSettings}), state in {@code stateDir}; {@code overrides}
     * last.
     */
    static StreamsSettings settings(final EmbeddedKafka kafka, final String prefix, final Path stateDir,
                                    final String instanceId, final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>(Map.of(
                StreamsSettings.MODEL_EMBEDDING, "16",
                StreamsSettings.MODEL_HIDDEN, "16",
                StreamsSettings.MODEL_HASHING_BUCKETS, "4096",
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
        values.putAll(overrides);
        return kafka.applicationSettings(prefix, stateDir, instanceId, values);
    }

    /** Starts an instance and waits until it is running. */
    static StreamsInstance start(final StreamsSettings settings) {
        final StreamsInstance instance = new StreamsInstance(ProcessorInstance.start(settings));
        instance.awaitRunning();
        return instance;
    }

    /** Waits until the instance is running (after a rebalance, for example); fails fast if it failed. */
    void awaitRunning() {
        Await.until("instance " + settings.instanceId() + " is RUNNING", () -> {
            assertHealthy();
            return instance.running();
        }, () -> "its state is " + streams.state());
    }

    /** Whether this instance owns an active task reading {@code topic}. */
    boolean readsFrom(final String topic) {
        return instance.readsFrom(topic);
    }

    /** Fails if a stream thread of this instance has died. */
    void assertHealthy() {
        instance.failure().ifPresent(e -> {
            throw new AssertionError("Instance " + settings.instanceId() + " failed", e);
        });
    }

    /** Closes cleanly (committing) and leaves the group, so the other instances take over at once. */
    @Override
    public void close() {
        instance.close();
    }
}
