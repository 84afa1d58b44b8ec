package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import ch.qos.logback.classic.Level;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.DeadLetterReason;
import io.sentimentstreams.stream.DeadLetters;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Online training on one instance and model replication to every instance, through a real broker. */
class ModelReplicationOnBrokerTest {

    private static final int PARTITIONS = 4;
    private static final int ONE_MB = 1024 * 1024;

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    @Test
    void shouldScoreWithTheNewestModelOnBothInstances() {
        final Map<String, String> training = Map.of(
                StreamsSettings.TRAINING_BATCH_SIZE, "16",
                StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "4");
        final StreamsSettings settingsA = StreamsInstance.settings(BROKER.kafka(), "replication", stateA,
                "instance-a", training);
        final StreamsSettings settingsB = StreamsInstance.settings(BROKER.kafka(), "replication", stateB,
                "instance-b", training);
        BROKER.kafka().createTopics(settingsA, PARTITIONS);
        final StreamsSettings.Topics topics = settingsA.topics();
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader models = new TopicReader(BROKER.kafka().bootstrapServers(), topics.models());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), topics.scores());
             StreamsInstance a = StreamsInstance.start(settingsA);
             StreamsInstance b = StreamsInstance.start(settingsB)) {
            Await.until("both instances score reviews", () -> a.readsFrom(topics.reviews())
                    && b.readsFrom(topics.reviews()), () -> "a reads reviews: " + a.readsFrom(topics.reviews())
                    + ", b reads reviews: " + b.readsFrom(topics.reviews()));
            final List<Review> labeled = SyntheticReviews.generate(128, 3);
            sendLabeled(events, topics.labeledReviews(), labeled);
            // 8 steps of 16 reviews and a snapshot after every 4: the second, and last, has seen all 128.
            final List<ConsumerRecord<String, byte[]>> snapshots = models.until("the snapshot of all "
                    + labeled.size() + " labeled reviews is published", read -> !read.isEmpty()
                    && Events.snapshot(read.get(read.size() - 1)).getExamplesSeen() == labeled.size());
            final long newest = Events.snapshot(snapshots.get(snapshots.size() - 1)).getVersion();
            Await.until("both instances have version " + newest, () -> a.registry.current().version() == newest
                    && b.registry.current().version() == newest, () -> "versions: a " + a.registry.current().version()
                    + ", b " + b.registry.current().version());

            final int count = 200;
            events.sendReviews(topics.reviews(), "r", 0, count, SyntheticReviews.generateUnlabeled(count, 5));
            final List<SentimentScore> scored = scores.until(count + " reviews are scored",
                    read -> scores.countByKey().size() >= count).stream().map(Events::score).toList();

            a.assertHealthy();
            b.assertHealthy();
            assertTrue(scored.stream().allMatch(s -> s.getModelVersion() == newest),
                    "every score comes from version " + newest + ": " + versionsByInstance(scored));
            assertEquals(Set.of("instance-a", "instance-b"),
                    scored.stream().map(SentimentScore::getInstanceId).collect(Collectors.toSet()));
        }
    }

    @Test
    void shouldReplicateARealisticSizeSnapshotThroughTheBroker() {
        final Map<String, String> realistic = Map.of(
                StreamsSettings.MODEL_HASHING_BUCKETS, "32768",
                StreamsSettings.MODEL_EMBEDDING, "64",
                StreamsSettings.MODEL_HIDDEN, "64",
                StreamsSettings.TRAINING_BATCH_SIZE, "16",
                StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "2");
        final StreamsSettings settingsA = StreamsInstance.settings(BROKER.kafka(), "large", stateA,
                "instance-a", realistic);
        BROKER.kafka().createTopics(settingsA, PARTITIONS);
        final StreamsSettings.Topics topics = settingsA.topics();
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader models = new TopicReader(BROKER.kafka().bootstrapServers(), topics.models());
             StreamsInstance a = StreamsInstance.start(settingsA)) {
            sendLabeled(events, topics.labeledReviews(), SyntheticReviews.generate(32, 3));
            final ConsumerRecord<String, byte[]> record = models.until("a snapshot is published",
                    read -> !read.isEmpty()).get(0);
            final ModelSnapshot snapshot = Events.snapshot(record);
            assertTrue(record.serializedValueSize() > ONE_MB,
                    "the snapshot is larger than Kafka's default 1 MB limit: " + record.serializedValueSize());

            final StreamsSettings settingsB = StreamsInstance.settings(BROKER.kafka(), "large", stateB,
                    "instance-b", realistic);
            try (StreamsInstance b = StreamsInstance.start(settingsB)) {
                Await.until("the second instance loads version " + snapshot.getVersion(),
                        () -> b.registry.current().version() >= snapshot.getVersion(),
                        () -> "it has version " + b.registry.current().version());
                b.assertHealthy();
            }
            a.assertHealthy();
        }
    }

    @Test
    void shouldDeadLetterAGarbageSnapshotOnceAndKeepAUsableModelAcrossARestart() {
        // A record that is not a model snapshot lands on the models topic under the line's key. On a compacted
        // topic it could stay the newest value of the key for good, and every instance reads it again whenever it
        // rebuilds its global store (here: a restart on an empty state directory).
        final Map<String, String> training = Map.of(
                StreamsSettings.TRAINING_BATCH_SIZE, "16",
                StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "4");
        final StreamsSettings settingsA = StreamsInstance.settings(BROKER.kafka(), "garbage", stateA, "instance-a",
                training);
        BROKER.kafka().createTopics(settingsA);
        final StreamsSettings.Topics topics = settingsA.topics();
        final byte[] garbage = "not a model".getBytes(StandardCharsets.UTF_8);
        final List<Review> labeled = SyntheticReviews.generate(128, 7);
        try (LogCapture log = new LogCapture();
             Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader models = new TopicReader(BROKER.kafka().bootstrapServers(), topics.models());
             TopicReader deadLetters = new TopicReader(BROKER.kafka().bootstrapServers(), topics.deadLetters())) {
            try (StreamsInstance a = StreamsInstance.start(settingsA)) {
                sendLabeled(events, topics.labeledReviews(), labeled.subList(0, 64));
                models.until("the trainer publishes version 1", read -> !read.isEmpty());
                events.sendAndWait(topics.models(), settingsA.modelLine(), garbage);
                deadLetters.until("the garbage is dead-lettered", read -> !read.isEmpty());
                Await.until("the trainer publishes its model again after the garbage",
                        () -> a.registry.current().version() == 2, () -> "version " + a.registry.current().version());
                a.assertHealthy();
            }
            final StreamsSettings settingsB = StreamsInstance.settings(BROKER.kafka(), "garbage", stateB,
                    "instance-b", training);
            try (StreamsInstance b = StreamsInstance.start(settingsB)) {
                assertEquals(2, b.registry.current().version(), "restored past the garbage");
                sendLabeled(events, topics.labeledReviews(), labeled.subList(64, 128));
                Await.until("a newer snapshot wins", () -> b.registry.current().version() == 3,
                        () -> "version " + b.registry.current().version());
                b.assertHealthy();
            }

            final List<ConsumerRecord<String, byte[]>> letters = deadLetters.toEnd();
            assertEquals(1, letters.size(), "dead-lettered once, though read by two instances");
            assertArrayEquals(garbage, letters.get(0).value());
            assertEquals(DeadLetterReason.UNDECODABLE.name(), header(letters.get(0), DeadLetters.REASON_CODE));
            assertEquals(topics.models(), header(letters.get(0), DeadLetters.SOURCE_TOPIC));
            assertEquals(List.of(1L, 2L, 3L), models.toEnd().stream()
                    .filter(r -> !Arrays.equals(garbage, r.value())).map(r -> Events.snapshot(r).getVersion())
                    .toList(), "every version once, in order");
            assertEquals(List.of(), log.atLeast(Level.ERROR), "no error");
            assertEquals(4, log.atLeast(Level.WARN).stream().filter(line -> line.contains("ModelLoader")).count(),
                    () -> "one warning per streams client that read it (each instance runs a scorer and a trainer): "
                            + log.atLeast(Level.WARN));
        }
    }

    private static String header(final ConsumerRecord<String, byte[]> record, final String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static void sendLabeled(final Events events, final String topic, final List<Review> reviews) {
        for (int i = 0; i < reviews.size(); i++) {
            events.sendLabeled(topic, "l-" + i, Events.labeled("l-" + i, reviews.get(i)));
        }
        events.flush();
    }

    private static Map<String, Set<Long>> versionsByInstance(final List<SentimentScore> scores) {
        return scores.stream().collect(Collectors.groupingBy(SentimentScore::getInstanceId,
                Collectors.mapping(SentimentScore::getModelVersion, Collectors.toSet())));
    }
}
