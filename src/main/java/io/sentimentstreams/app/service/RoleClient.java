package io.sentimentstreams.app.service;

import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.SentimentTopology;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.ThreadFailurePolicy;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One Kafka Streams client of a processor instance: the scorer or the trainer, with the models it follows and the
 * policy for its failing stream threads.
 *
 * @param name     {@code scorer} or {@code trainer}, as in messages and the health bodies
 * @param registry the models this client follows (the scorer scores with them, the trainer continues from them)
 * @param streams  the client, not started
 * @param policy   what happens when one of its stream threads dies
 */
public record RoleClient(String name, ModelRegistry registry, KafkaStreams streams, ThreadFailurePolicy policy) {

    public static final String SCORER = "scorer";
    public static final String TRAINER = "trainer";
    /** Appended to {@code application.id} (and to {@code client.id}, if set) for the trainer's client. */
    public static final String TRAINER_SUFFIX = "-trainer";

    /** The scoring client: consumer group {@code application.id}, {@code num.stream.threads} threads. */
    static RoleClient scorer(final StreamsSettings settings, final LongSupplier clockMs) {
        final ModelRegistry registry = ModelRegistry.withInitialModel(settings, clockMs.getAsLong());
        final Topology topology = SentimentTopology.buildScoring(settings, StreamSerdes.create(), registry);
        return create(SCORER, settings, registry, topology, settings.streamsProperties(), clockMs);
    }

    /** The training client: consumer group {@code <application.id>-trainer}, exactly one stream thread. */
    static RoleClient trainer(final StreamsSettings settings, final LongSupplier clockMs) {
        final ModelRegistry registry = ModelRegistry.withInitialModel(settings, clockMs.getAsLong());
        final Topology topology = SentimentTopology.buildTraining(settings, StreamSerdes.create(), registry);
        return create(TRAINER, settings, registry, topology, trainerProperties(settings), clockMs);
    }

    /** The trainer's properties: its own application id (and client id), one stream thread. */
    public static Properties trainerProperties(final StreamsSettings settings) {
        final Properties properties = settings.streamsProperties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, trainerApplicationId(settings));
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        final Object clientId = properties.get(StreamsConfig.CLIENT_ID_CONFIG);
        if (clientId != null && !clientId.toString().isEmpty()) {
            properties.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + TRAINER_SUFFIX);
        }
        return properties;
    }

    /** The trainer's application id: its consumer group and the prefix of its internal topics. */
    public static String trainerApplicationId(final StreamsSettings settings) {
        return settings.applicationId() + TRAINER_SUFFIX;
    }

    private static RoleClient create(final String name, final StreamsSettings settings, final ModelRegistry registry,
                                     final Topology topology, final Properties properties,
                                     final LongSupplier clockMs) {
        final KafkaStreams streams = new KafkaStreams(topology, properties);
        final ThreadFailurePolicy policy = ThreadFailurePolicy.of(name, settings, clockMs);
        streams.setUncaughtExceptionHandler(policy);
        return new RoleClient(name, registry, streams, policy);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }
}
