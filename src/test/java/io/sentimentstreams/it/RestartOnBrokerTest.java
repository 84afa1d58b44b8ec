package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping an instance part-way, cleanly or by killing its JVM, and starting it again on the same state, through a
 * real broker.
 */
class RestartOnBrokerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path stateDir;

    @TempDir
    Path logDir;

    @Test
    void shouldLoseAndDuplicateNothingWhenAnInstanceRestarts() {
        // The instance stops while the first half is being scored: full batches of 64 are scored at once, the
        // partial batches left over (1 and 57 reviews of r-0 ... r-249 on the two partitions) wait 3 s in the
        // changelogged scoring buffer, longer than the stop takes. The second half arrives while it is down, and it
        // restarts on the same state directory.
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "restart", stateDir,
                "instance-a", Map.of(StreamsSettings.SCORING_BATCH_MAX_RECORDS, "64",
                        StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, "3000"));
        BROKER.kafka().createTopics(settings);
        final StreamsSettings.Topics topics = settings.topics();
        final int count = 500;
        final int firstHalf = 250;
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), topics.scores())) {
            final List<Review> texts = SyntheticReviews.generateUnlabeled(count, 13);
            try (StreamsInstance instance = StreamsInstance.start(settings)) {
                events.sendReviews(topics.reviews(), "r", 0, firstHalf, texts);
                scores.until("some reviews are scored before the stop", read -> read.size() >= 50);
                instance.assertHealthy();
            }
            final int scoredBeforeRestart = scores.toEnd().size();
            events.sendReviews(topics.reviews(), "r", firstHalf, count, texts);
            try (StreamsInstance instance = StreamsInstance.start(settings)) {
                scores.until("every review is scored after the restart",
                        read -> scores.countByKey().size() >= count);
                instance.assertHealthy();
            }
            final int total = scores.toEnd().size();

            assertTrue(scoredBeforeRestart < firstHalf, "the stop leaves reviews of the first half unscored: "
                    + scoredBeforeRestart + " of " + firstHalf + " are scored before the restart");
            final Set<String> expected = IntStream.range(0, count).mapToObj(i -> "r-" + i).collect(Collectors.toSet());
            assertEquals(expected, scores.countByKey().keySet(), "every review is scored");
            assertEquals(count, total, "no review is scored twice: " + duplicates(scores.countByKey()));
        }
    }

    @Test
    void shouldScoreEveryReviewExactlyOnceWhenAnInstanceIsKilledWhileReviewsFlow() throws Exception {
        // An instance in a JVM of its own is killed with SIGKILL while a steady stream of reviews flows: nothing is
        // closed or committed, and a transaction of scores may be left open. A replacement on the same state
        // directory (so with the same transactional id, which fences the killed producer and aborts that
        // transaction) takes over once the group has dropped the killed member.
        final StreamsSettings killedSettings = killSettings("instance-killed");
        final StreamsSettings replacementSettings = killSettings("instance-replacement");
        BROKER.kafka().createTopics(killedSettings);
        final StreamsSettings.Topics topics = killedSettings.topics();
        try (TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), topics.scores());
             SteadyReviews reviews = SteadyReviews.start(BROKER.kafka().bootstrapServers(), topics.reviews());
             ChildJvm killed = ChildJvm.start(logDir, "run", RunArguments.of(killedSettings))) {
            scores.until("the instance in its own JVM has scored some reviews",
                    read -> read.size() >= 100 || !killed.isAlive());
            assertTrue(killed.isAlive(), () -> "the instance ended by itself:\n" + killed.stderr());
            killed.kill();
            final int scoredBeforeKill = scores.toEnd().size();
            final int sent;
            try (StreamsInstance replacement = StreamsInstance.start(replacementSettings)) {
                scores.until("the replacement scores reviews too",
                        read -> scoredBy(read, replacementSettings.instanceId()) >= 100);
                sent = reviews.stop();
                scores.until("all " + sent + " reviews sent are scored", read -> scores.countByKey().size() >= sent);
                replacement.assertHealthy();
            }
            final List<ConsumerRecord<String, byte[]>> read = scores.toEnd();

            assertTrue(scoredBeforeKill < sent, "the kill leaves reviews unscored: " + scoredBeforeKill + " of "
                    + sent + " are scored before it");
            final Map<String, Long> counts = scores.countByKey();
            final Set<String> missing = IntStream.range(0, sent).mapToObj(i -> "r-" + i)
                    .filter(id -> !counts.containsKey(id)).collect(Collectors.toSet());
            final Map<String, Long> duplicates = duplicates(counts);
            assertTrue(missing.isEmpty(), () -> missing.size() + " of " + sent + " reviews are not scored: " + missing);
            assertTrue(duplicates.isEmpty(), () -> duplicates.size() + " of " + sent + " reviews are scored more than "
                    + "once (" + read.size() + " scores, " + scoredBeforeKill + " committed before the kill): "
                    + duplicates);
            assertEquals(sent, read.size(), "one score per review");
            assertEquals(Set.of(killedSettings.instanceId(), replacementSettings.instanceId()),
                    read.stream().map(r -> Events.score(r).getInstanceId()).collect(Collectors.toSet()),
                    "both instances score");
        }
    }

    @Test
    void shouldReportTheRecoveryAfterAKillAsOneWarningAndNoError() throws Exception {
        // An instance in a JVM of its own, logging as the application does (logback.xml), learns and scores, and is
        // killed with SIGKILL: its state stores are left without a checkpoint. A second one on the same state
        // directory finds them so, and Kafka Streams rebuilds them from their changelogs (which it reports at ERROR,
        // with stack traces): that normal recovery must read as one sentence at WARN.
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "recovery", stateDir, "instance-r",
                Map.of(StreamsSettings.HTTP_PORT, "0", StreamsSettings.TRAINING_BATCH_SIZE, "8",
                        StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "1"));
        BROKER.kafka().createTopics(settings);
        final StreamsSettings.Topics topics = settings.topics();
        final List<Review> texts = SyntheticReviews.generateUnlabeled(200, 19);
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), topics.scores());
             TopicReader models = new TopicReader(BROKER.kafka().bootstrapServers(), topics.models())) {
            try (ChildJvm killed = ChildJvm.start(logDir, "killed", List.of(ChildJvm.PRODUCTION_LOGGING),
                    RunArguments.of(settings))) {
                final List<Review> labeled = SyntheticReviews.generate(16, 19);
                for (int i = 0; i < labeled.size(); i++) {
                    events.sendLabeled(topics.labeledReviews(), "l-" + i, Events.labeled("l-" + i, labeled.get(i)));
                }
                events.sendReviews(topics.reviews(), "r", 0, 100, texts);
                models.until("the trainer has checkpointed a snapshot", read -> !read.isEmpty() || !killed.isAlive());
                scores.until("the first reviews are scored", read -> read.size() >= 100 || !killed.isAlive());
                assertTrue(killed.isAlive(), () -> "the instance ended by itself:\n" + killed.stderr());
                killed.kill();
            }
            try (ChildJvm restarted = ChildJvm.start(logDir, "restarted", List.of(ChildJvm.PRODUCTION_LOGGING),
                    RunArguments.of(settings))) {
                events.sendReviews(topics.reviews(), "r", 100, 200, texts);
                scores.until("the restarted instance scores the next reviews",
                        read -> scores.countByKey().size() >= 200 || !restarted.isAlive());
                assertTrue(restarted.isAlive(), () -> "the restarted instance ended:\n" + restarted.stderr());
                restarted.terminate();
                assertTrue(restarted.awaitExit(Await.DEFAULT_TIMEOUT), "it stops on SIGTERM");
                final String log = restarted.stderr();

                assertTrue(log.contains("WARN  StateRecovery - Rebuilding the local state of tasks"),
                        () -> "the recovery is reported in a sentence:\n" + log);
                assertFalse(log.contains("TaskCorruptedException") || log.contains("corrupted"),
                        () -> "no task-corruption report:\n" + log);
                assertFalse(log.contains(" ERROR "), () -> "no error:\n" + log);
            }
        }
    }

    /** Settings of an instance of the kill test: exactly-once, any free port for its HTTP endpoints. */
    private StreamsSettings killSettings(final String instanceId) {
        return StreamsInstance.settings(BROKER.kafka(), "kill", stateDir, instanceId,
                Map.of(StreamsSettings.HTTP_PORT, "0"));
    }

    private static long scoredBy(final List<ConsumerRecord<String, byte[]>> scores, final String instanceId) {
        return scores.stream().map(Events::score).map(SentimentScore::getInstanceId).filter(instanceId::equals)
                .count();
    }

    private static Map<String, Long> duplicates(final Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Reviews {@code r-0}, {@code r-1}, ... sent from a thread of their own one at a time, each acknowledged by the
     * broker before the next is sent (a steady stream paced by the broker, about a hundred a second here), until
     * {@link #stop()}.
     */
    private static final class SteadyReviews implements AutoCloseable {

        /** A bound on a stream that is never stopped, far beyond what the test sends. */
        private static final int MAX_REVIEWS = 50_000;

        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final Future<Integer> sent;

        private SteadyReviews(final String bootstrapServers, final String topic) {
            final List<Review> texts = SyntheticReviews.generateUnlabeled(500, 17);
            sent = thread.submit(() -> send(bootstrapServers, topic, texts));
        }

        static SteadyReviews start(final String bootstrapServers, final String topic) {
            return new SteadyReviews(bootstrapServers, topic);
        }

        private int send(final String bootstrapServers, final String topic, final List<Review> texts) {
            try (Events events = new Events(bootstrapServers)) {
                int count = 0;
                while (!stopping.get() && count < MAX_REVIEWS) {
                    final String id = "r-" + count;
                    events.sendAndWait(topic, id, Events.SERDES.reviews().serializer()
                            .serialize(topic, Events.review(id, texts.get(count % texts.size()).text())));
                    count++;
                }
                return count;
            }
        }

        /** Stops sending and returns how many reviews were sent (and acknowledged). */
        int stop() throws Exception {
            stopping.set(true);
            return sent.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            stopping.set(true);
            thread.shutdownNow();
        }
    }
}
