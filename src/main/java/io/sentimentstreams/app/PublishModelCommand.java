package io.sentimentstreams.app;

import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code publish-model}: publishes a model trained offline to the models topic, as the version after the newest one
 * there, so every instance scores with it and the online trainer continues from it.
 */
@Command(name = "publish-model", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes a model file to the models topic as the next model version.")
final class PublishModelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    private String bootstrapServers;

    @Option(names = "--model", converter = Converters.ExistingPath.class, required = true, paramLabel = "FILE", description = "A model file from 'train'.")
    private Path modelFile;

    @Option(names = "--config", converter = Converters.ExistingPath.class, paramLabel = "FILE", description = "A properties file of settings (topic names, security).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        final Map<String, String> overrides = new HashMap<>();
        overrides.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        final StreamsSettings settings = StreamsSettings.load(config, System.getenv(), overrides);
        final SentimentModel model = ModelFile.load(modelFile);   // validates the file before it is published
        final byte[] bytes = Files.readAllBytes(modelFile);
        final StreamSerdes serdes = StreamSerdes.create();
        final long newest = newestVersion(settings, serdes);
        final long version = newest + 1;
        final ModelSnapshot snapshot = ModelSnapshot.newBuilder()
                .setVersion(version)
                .setParentVersion(newest)
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
        final Properties props = clientProperties(settings);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(settings.modelMaxBytes() * 3 + (1 << 20)));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ModelSnapshot> producer = new KafkaProducer<>(props, new StringSerializer(),
                serdes.snapshots().serializer())) {
            producer.send(new ProducerRecord<>(settings.topics().models(), settings.modelLine(), snapshot)).get();
        }
        spec.commandLine().getOut().printf("published %s as model version %d (parent %d) to topic '%s'%n",
                modelFile, version, newest, settings.topics().models());
        return 0;
    }

    /** The highest model version on the models topic for this model line, or 0 when there is none. */
    private static long newestVersion(final StreamsSettings settings, final StreamSerdes serdes) {
        final Properties props = clientProperties(settings);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(settings.modelMaxBytes() * 3));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long newest = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(settings.topics().models(),
                    Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
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
