package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.stream.StreamsSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded broker and the topics it creates. */
class EmbeddedKafkaTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    void shouldCreateTheProcessorsTopicsOnceWithTheirPartitionsAndLimits() throws Exception {
        final StreamsSettings settings = StreamsSettings.of(Map.of(
                StreamsSettings.TOPICS_REVIEWS, "t-reviews", StreamsSettings.TOPICS_LABELED_REVIEWS, "t-labeled",
                StreamsSettings.TOPICS_SCORES, "t-scores", StreamsSettings.TOPICS_MODELS, "t-models",
                StreamsSettings.TOPICS_DEAD_LETTERS, "t-dead-letters"));
        BROKER.kafka().createTopics(settings, 3);
        BROKER.kafka().createTopics(settings, 3);   // again: nothing changes, nothing fails

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers()))) {
            final Map<String, TopicDescription> topics = admin.describeTopics(List.of("t-reviews", "t-labeled",
                    "t-scores", "t-models", "t-dead-letters")).allTopicNames().get(30, TimeUnit.SECONDS);
            final Map<String, Integer> partitions = topics.values().stream().collect(Collectors.toMap(
                    TopicDescription::name, t -> t.partitions().size()));
            assertEquals(Map.of("t-reviews", 3, "t-labeled", 1, "t-scores", 3, "t-models", 1, "t-dead-letters", 3),
                    partitions);
            final ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "t-models");
            final Config config = admin.describeConfigs(Set.of(models)).all().get(30, TimeUnit.SECONDS).get(models);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(settings.modelMaxBytes() + 1024 * 1024,
                    Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()));
        }
    }

    @Test
    void shouldReturnFromCreateTopicsOnlyOnceTheBrokerLeadsEveryPartition() throws Exception {
        final StreamsSettings settings = StreamsSettings.of(Map.of(
                StreamsSettings.TOPICS_REVIEWS, "l-reviews", StreamsSettings.TOPICS_LABELED_REVIEWS, "l-labeled",
                StreamsSettings.TOPICS_SCORES, "l-scores", StreamsSettings.TOPICS_MODELS, "l-models",
                StreamsSettings.TOPICS_DEAD_LETTERS, "l-dead-letters"));
        BROKER.kafka().createTopics(settings, 4);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.kafka().bootstrapServers()))) {
            final Map<String, TopicDescription> topics = admin.describeTopics(List.of("l-reviews", "l-labeled",
                    "l-scores", "l-models", "l-dead-letters")).allTopicNames().get(30, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = topics.values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            assertEquals(4 + 1 + 4 + 1 + 4, latest.size());
            assertTrue(topics.values().stream().flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()), topics.toString());
            final Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            assertEquals(latest.keySet().stream().collect(Collectors.toMap(p -> p, p -> 0L)), ends);
        }
    }
}
