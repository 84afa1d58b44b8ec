package io.sentimentstreams.app.service;

import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.stream.SentimentTopology;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.TrainerStateSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What {@code run} checks at start, for a role that trains, before it starts the trainer: that
 * {@code labeled-reviews} has exactly one partition (two would give two trainers publishing the same version
 * numbers under one key), and that the trainer's largest records, its checkpoint and its model snapshot
 * ({@link TrainerStateSize}, for the configured network), fit the producer's {@code max.request.size} and
 * {@code buffer.memory} and the {@code max.message.bytes} of the topics they go to. A failed check is one line.
 */
public final class StartupChecks {

    private static final long MIB = 1024 * 1024;

    private StartupChecks() {
    }

    /**
     * What the checks read from the brokers and the settings.
     *
     * @param labeledPartitions          partitions of the labeled-reviews topic
     * @param maxRequestSize             the trainer producer's {@code max.request.size}
     * @param bufferMemory               the trainer producer's {@code buffer.memory}
     * @param modelsMaxMessageBytes      {@code max.message.bytes} of the models topic
     * @param changelogMaxMessageBytes   {@code max.message.bytes} of the trainer-state changelog, if it exists
     */
    record Facts(int labeledPartitions, long maxRequestSize, long bufferMemory, long modelsMaxMessageBytes,
                 OptionalLong changelogMaxMessageBytes) {
    }

    /** Throws a one-line {@link UserException} when the trainer cannot work on these brokers with these settings. */
    static void requireTrainable(final StreamsSettings settings, final Duration timeout) {
        final List<String> problems = problems(settings, TrainerStateSize.of(settings), facts(settings, timeout));
        if (!problems.isEmpty()) {
            throw new UserException(String.join("; ", problems));
        }
    }

    /** Every problem, each as a phrase; empty when the trainer can work. */
    static List<String> problems(final StreamsSettings settings, final TrainerStateSize size, final Facts facts) {
        final List<String> problems = new ArrayList<>();
        final String labeled = settings.topics().labeledReviews();
        if (facts.labeledPartitions() != 1) {
            problems.add("topic '" + labeled + "' has " + facts.labeledPartitions() + " partitions; the trainer needs"
                    + " exactly 1: recreate it with one partition");
        }
        final String checkpoint = "the trainer's checkpoint (" + mib(size.checkpointBytes()) + " for "
                + network(settings) + ")";
        final String snapshot = "the trainer's model snapshot (" + mib(size.snapshotBytes()) + ")";
        if (size.checkpointBytes() > facts.maxRequestSize()) {
            problems.add(checkpoint + " exceeds the producer's max.request.size (" + mib(facts.maxRequestSize())
                    + "): raise producer.max.request.size, or make the model smaller");
        }
        if (size.checkpointBytes() > facts.bufferMemory()) {
            problems.add(checkpoint + " exceeds the producer's buffer.memory (" + mib(facts.bufferMemory())
                    + "): raise producer.buffer.memory, or make the model smaller");
        }
        if (size.snapshotBytes() > facts.modelsMaxMessageBytes()) {
            problems.add(snapshot + " exceeds max.message.bytes of topic '" + settings.topics().models() + "' ("
                    + mib(facts.modelsMaxMessageBytes()) + "): raise the topic's max.message.bytes");
        }
        if (facts.changelogMaxMessageBytes().isPresent()) {
            if (size.checkpointBytes() > facts.changelogMaxMessageBytes().getAsLong()) {
                problems.add(checkpoint + " exceeds max.message.bytes of topic '" + changelog(settings) + "' ("
                        + mib(facts.changelogMaxMessageBytes().getAsLong()) + "): raise the topic's"
                        + " max.message.bytes");
            }
        } else if (size.checkpointBytes() > settings.trainerStateMaxBytes()) {
            problems.add(checkpoint + " exceeds the max.message.bytes the trainer's changelog is created with (3 x "
                    + "model.max.bytes + 1 MiB = " + mib(settings.trainerStateMaxBytes()) + "): raise model.max.bytes");
        }
        return problems;
    }

    /** The trainer-state changelog topic: {@code <application.id>-trainer-trainer-state-changelog}. */
    static String changelog(final StreamsSettings settings) {
        return RoleClient.trainerApplicationId(settings) + "-" + SentimentTopology.TRAINER_STATE_STORE + "-changelog";
    }

    /** The trainer's producer settings as Kafka Streams will build them, defaults included. */
    static ProducerConfig producerConfig(final StreamsSettings settings) {
        final Map<String, Object> values = new HashMap<>(new StreamsConfig(RoleClient.trainerProperties(settings))
                .getProducerConfigs("startup-check"));
        values.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        values.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new ProducerConfig(values);
    }

    private static Facts facts(final StreamsSettings settings, final Duration timeout) {
        final ProducerConfig producer = producerConfig(settings);
        final String brokers = settings.bootstrapServers();
        try (Admin admin = KafkaClients.create(brokers, () -> Admin.create(KafkaClients.adminProperties(settings,
                timeout)))) {
            final String labeled = settings.topics().labeledReviews();
            final int partitions = await(admin.describeTopics(List.of(labeled)).allTopicNames(), timeout)
                    .get(labeled).partitions().size();
            return new Facts(partitions, producer.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                    producer.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG),
                    maxMessageBytes(admin, settings.topics().models(), timeout).orElseThrow(),
                    maxMessageBytes(admin, changelog(settings), timeout));
        }
    }

    /** {@code max.message.bytes} of {@code topic}; empty when the topic does not exist. */
    private static OptionalLong maxMessageBytes(final Admin admin, final String topic, final Duration timeout) {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            final Config config = await(admin.describeConfigs(List.of(resource)).all(), timeout).get(resource);
            final ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(entry.value()));
        } catch (final UserException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    private static <T> T await(final org.apache.kafka.common.KafkaFuture<T> future, final Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            final UserException failure = new UserException("cannot check the trainer's topics on "
                    + "the brokers: " + e.getCause().getMessage());
            failure.initCause(e.getCause());
            throw failure;
        } catch (final TimeoutException e) {
            throw new UserException("the brokers did not describe the trainer's topics within "
                    + KafkaClients.format(timeout));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while checking the trainer's topics");
        }
    }

    private static String network(final StreamsSettings settings) {
        return String.format(Locale.ROOT, "model.cell=%s, model.hashing.buckets=%d, model.embedding=%d,"
                        + " model.hidden=%d", settings.modelCell().name().toLowerCase(Locale.ROOT),
                settings.modelHashingBuckets(), settings.modelEmbedding(), settings.modelHidden());
    }

    private static String mib(final long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
