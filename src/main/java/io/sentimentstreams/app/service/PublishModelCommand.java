package io.sentimentstreams.app.service;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.QuietConsole;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.kafka.BrokerOptions;
import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code publish-model}: publishes a model trained offline to the models topic, as the version after the newest one
 * there, so every instance scores with it and the online trainer continues from it. Fails in one line when the
 * brokers do not answer within {@code --connect-timeout-ms}, or the topic is not there.
 */
@Command(name = "publish-model", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes a model file to the models topic as the next model version.")
public final class PublishModelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Option(names = "--model", converter = Converters.ExistingPath.class, required = true, paramLabel = "FILE", description = "A model file from 'train'.")
    private Path modelFile;

    @Override
    public Integer call() {
        broker.check();
        final StreamsSettings settings = broker.settings();
        final SentimentModel model = ModelFile.load(modelFile);   // validates the file before it is published
        final byte[] bytes = read(modelFile);
        final StreamSerdes serdes = StreamSerdes.create();
        final String topic = settings.topics().models();
        final long version;
        final long newest;
        final QuietConsole quiet = QuietConsole.attach();
        try {
            KafkaClients.requireTopics(settings, List.of(topic), broker.connectTimeout(),
                    "create it, or check the topics.models setting");
            newest = newestVersion(settings, serdes);
            version = newest + 1;
            send(settings, serdes, snapshot(model, bytes, version, newest));
        } finally {
            quiet.close();
        }
        spec.commandLine().getOut().printf("published %s as model version %d (parent %d) to topic '%s'%n",
                modelFile, version, newest, topic);
        return 0;
    }

    private static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ModelSnapshot snapshot(final SentimentModel model, final byte[] bytes, final long version,
                                          final long parent) {
        return ModelSnapshot.newBuilder()
                .setVersion(version)
                .setParentVersion(parent)
                .setCreatedTime(Instant.now())
                .setModel(ByteBuffer.wrap(bytes))
                .setTrainingSteps(0)
                .setExamplesSeen(((Number) model.metadata().facts().getOrDefault("trainExamples", 0)).longValue())
                .setPrequentialAccuracy(null)
                .setPrequentialLoss(null)
                .setSeed(((Number) model.metadata().facts().getOrDefault("seed", 0)).longValue())
                .setLabelOffsets(List.of())
                .setInstanceId("publish-model")
                .build();
    }

    private void send(final StreamsSettings settings, final StreamSerdes serdes, final ModelSnapshot snapshot) {
        final Properties props = clientProperties(settings);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(settings.modelMaxBytes() * 3 + (1 << 20)));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(broker.connectTimeout().toMillis()));
        final String topic = settings.topics().models();
        try (KafkaProducer<String, ModelSnapshot> producer = KafkaClients.create(broker.bootstrapServers(),
                () -> new KafkaProducer<>(props, new StringSerializer(), serdes.snapshots().serializer()))) {
            producer.send(new ProducerRecord<>(topic, settings.modelLine(), snapshot)).get();
        } catch (final ExecutionException | KafkaException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new UserException("cannot write to topic '" + topic + "' on " + broker.bootstrapServers() + ": "
                    + cause.getMessage());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while writing to topic '" + topic + "'");
        }
    }

    /**
     * The highest model version on the models topic for this model line, or 0 when there is none. It reads
     * uncommitted records too, so that a snapshot the trainer is committing right now counts.
     */
    private long newestVersion(final StreamsSettings settings, final StreamSerdes serdes) {
        final Duration timeout = broker.connectTimeout();
        final String topic = settings.topics().models();
        final Properties props = clientProperties(settings);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(settings.modelMaxBytes() * 3));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_UNCOMMITTED.toString());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        long newest = 0;
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.create(broker.bootstrapServers(),
                () -> new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()))) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long lastProgress = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                final ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new TimeoutException("no records arrived for " + KafkaClients.format(timeout));
                }
                for (final ConsumerRecord<String, byte[]> r : records) {
                    if (settings.modelLine().equals(r.key()) && r.value() != null) {
                        try {
                            newest = Math.max(newest, serdes.snapshots().deserializer()
                                    .deserialize(r.topic(), r.value()).getVersion());
                        } catch (final RuntimeException undecodable) {
                            // an unreadable snapshot has no version to compare with; the instances skip it too
                        }
                    }
                }
            }
        } catch (final TimeoutException e) {
            throw new UserException("cannot read the model versions on topic '" + topic + "' from "
                    + broker.bootstrapServers() + " within " + KafkaClients.format(timeout) + ": " + e.getMessage());
        }
        return newest;
    }

    private static Properties clientProperties(final StreamsSettings settings) {
        final Properties props = new Properties();
        settings.kafka().forEach(props::put);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return props;
    }
}
