package io.sentimentstreams.app.service;

import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.StreamMetrics;
import io.sentimentstreams.stream.StreamsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One instance of the streaming processor in this JVM, as {@code run --role} builds it: the factory of {@code run},
 * the demo (two instances of role {@code all}) and the integration tests. It holds one Kafka Streams client per
 * part of its role ({@link RoleClient}: the scorer, the trainer, or both), each with the thread failure policy of the
 * settings.
 */
public final class ProcessorInstance implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamsSettings settings;
    private final Role role;
    private final List<RoleClient> clients;

    private ProcessorInstance(final StreamsSettings settings, final Role role, final List<RoleClient> clients) {
        this.settings = settings;
        this.role = role;
        this.clients = List.copyOf(clients);
    }

    /** Builds the clients of {@code role}, not started; {@code clockMs} is the wall clock (model times, failures). */
    public static ProcessorInstance create(final StreamsSettings settings, final Role role,
                                           final LongSupplier clockMs) {
        Objects.requireNonNull(settings, "settings");
        final List<RoleClient> clients = new ArrayList<>();
        if (role.scores()) {
            clients.add(RoleClient.scorer(settings, clockMs));
        }
        if (role.trains()) {
            clients.add(RoleClient.trainer(settings, clockMs));
        }
        return new ProcessorInstance(settings, role, clients);
    }

    /** Creates and starts an instance of role {@code all}; it joins the groups in the background. */
    public static ProcessorInstance start(final StreamsSettings settings) {
        return start(settings, Role.ALL);
    }

    /** Creates and starts an instance of {@code role}; it joins the groups in the background. */
    public static ProcessorInstance start(final StreamsSettings settings, final Role role) {
        final ProcessorInstance instance = create(settings, role, System::currentTimeMillis);
        instance.clients.forEach(client -> client.streams().start());
        return instance;
    }

    public String id() {
        return settings.instanceId();
    }

    public StreamsSettings settings() {
        return settings;
    }

    public Role role() {
        return role;
    }

    /** The scorer first, then the trainer, as the role has them. */
    public List<RoleClient> clients() {
        return clients;
    }

    /** The models this instance scores with (the trainer's, when it only trains). */
    public ModelRegistry registry() {
        return clients.get(0).registry();
    }

    /** The online trainer's figures of its model lines ({@link ModelRegistry#lines}); empty where it does not train. */
    public Map<String, Object> lines() {
        for (final RoleClient client : clients) {
            if (!client.registry().lines().isEmpty()) {
                return client.registry().lines();
            }
        }
        return Map.of();
    }

    /** The first client's streams: the scorer's, or the trainer's when it only trains. */
    public KafkaStreams streams() {
        return clients.get(0).streams();
    }

    /** Each client's state, by name: {@code scorer}, {@code trainer}. */
    public Map<String, KafkaStreams.State> states() {
        final Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
        clients.forEach(client -> states.put(client.name(), client.state()));
        return states;
    }

    /** Whether {@code /health/live} answers 200: no client failed or is shutting down. */
    public boolean live() {
        return clients.stream().allMatch(client -> Health.isLive(client.state()));
    }

    public boolean running() {
        return clients.stream().allMatch(client -> client.state() == KafkaStreams.State.RUNNING);
    }

    /** The first error of a stream thread of this instance, if one failed (replaced or not). */
    public Optional<Throwable> failure() {
        return clients.stream().flatMap(client -> client.policy().firstFailure().stream()).findFirst();
    }

    /** Why a client of this instance was shut down after its stream threads kept failing, if one was. */
    public Optional<String> fatal() {
        return clients.stream().flatMap(client -> client.policy().fatal().stream()).findFirst();
    }

    /** Fails with the stream thread's error if a stream thread of this instance has failed. */
    public void checkHealthy() {
        failure().ifPresent(e -> {
            throw new IllegalStateException("Instance " + id() + " failed: " + e.getMessage(), e);
        });
    }

    /** Version of the model this instance scores with. */
    public long modelVersion() {
        return registry().current().version();
    }

    /** The online trainer's prequential accuracy on this instance, once it has taken a training step here. */
    public OptionalDouble prequentialAccuracy() {
        return trainingSteps() > 0 ? metric(StreamMetrics.PREQUENTIAL_ACCURACY) : OptionalDouble.empty();
    }

    /** Training steps the online trainer on this instance has taken; 0 if it has taken none or does not train. */
    public long trainingSteps() {
        return (long) metric(StreamMetrics.TRAINING_STEPS).orElse(0);
    }

    /** The sum of one of this processor's own metrics over its clients and tags (a counter by reason, say); 0 if none. */
    public long metricTotal(final String name) {
        double total = 0;
        for (final RoleClient client : clients) {
            for (final Metric metric : client.streams().metrics().values()) {
                if (metric.metricName().group().equals(StreamMetrics.GROUP) && metric.metricName().name().equals(name)
                        && metric.metricValue() instanceof Double value && Double.isFinite(value)) {
                    total += value;
                }
            }
        }
        return Math.round(total);
    }

    /** The finite value of one of this processor's own metrics, if a client has one. */
    private OptionalDouble metric(final String name) {
        for (final RoleClient client : clients) {
            for (final Metric metric : client.streams().metrics().values()) {
                if (metric.metricName().group().equals(StreamMetrics.GROUP) && metric.metricName().name().equals(name)
                        && metric.metricValue() instanceof Double value && Double.isFinite(value)) {
                    return OptionalDouble.of(value);
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** Whether this instance owns an active task reading {@code topic}. */
    public boolean readsFrom(final String topic) {
        return clients.stream().flatMap(client -> client.streams().metadataForLocalThreads().stream())
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(partition -> partition.topic().equals(topic));
    }

    /** Closes cleanly (committing) and leaves the groups, so the other instances take over at once. */
    @Override
    public void close() {
        clients.forEach(client -> client.streams().close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT)));
    }
}
