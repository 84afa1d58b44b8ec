package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two scorer instances, each {@code run --role scorer} in its own JVM, while reviews arrive at a steady rate; one is
 * killed with SIGKILL and restarted on the same state directory five times. Once the stream has drained, a
 * read_committed consumer sees every review scored exactly once, by review id: no loss, no duplicate. The time from
 * each restart to the restarted instance's first committed score is logged. With {@code static.membership} (the
 * default here; {@code -Dkillrestart.static=false} turns it off) the restarted instance takes its tasks back without
 * a rebalance; without it, the group waits for the killed member's session to time out.
 */
class KillRestartOnBrokerTest {

    private static final Logger LOG = LoggerFactory.getLogger(KillRestartOnBrokerTest.class);
    private static final int RATE_PER_SECOND = 40;
    private static final int RESTARTS = 5;
    private static final int MAX_REVIEWS = 10_000;
    private static final Duration SCORES_AGAIN_WITHIN = Duration.ofSeconds(40);

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    private StreamsSettings settings(final String instanceId, final boolean staticMembership) {
        return StreamsInstance.settings(BROKER.kafka(), "kill", dir.resolve(instanceId), instanceId, Map.of(
                StreamsSettings.STATIC_MEMBERSHIP, Boolean.toString(staticMembership),
                StreamsSettings.HTTP_PORT, "0",
                "session.timeout.ms", "10000",
                "heartbeat.interval.ms", "1000"));
    }

    @Test
    void shouldScoreEveryReviewExactlyOnceWhileAnInstanceIsKilledAndRestartedFiveTimes() throws Exception {
        final boolean staticMembership = Boolean.parseBoolean(System.getProperty("killrestart.static", "true"));
        final StreamsSettings a = settings("scorer-a", staticMembership);
        final StreamsSettings b = settings("scorer-b", staticMembership);
        BROKER.kafka().createTopics(a);
        final List<Review> texts = SyntheticReviews.generateUnlabeled(MAX_REVIEWS, 5);
        final AtomicInteger produced = new AtomicInteger();
        final ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        final List<Long> restartToScoringMs = new ArrayList<>();
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), a.topics().scores());
             ChildJvm first = start("scorer-a", a)) {
            ChildJvm second = start("scorer-b-0", b);
            try {
                producer.scheduleAtFixedRate(() -> {
                    final int i = produced.get();
                    if (i < MAX_REVIEWS) {
                        events.sendRaw(a.topics().reviews(), "r-" + i, Events.SERDES.reviews().serializer()
                                .serialize(a.topics().reviews(), Events.review("r-" + i, texts.get(i).text())));
                        produced.incrementAndGet();
                    }
                }, 0, 1_000_000 / RATE_PER_SECOND, TimeUnit.MICROSECONDS);
                final ChildJvm firstB = second;
                withLogs(() -> scores.until("both instances score", Duration.ofSeconds(60),
                        read -> scoredBy(read, "scorer-a", Instant.EPOCH) && scoredBy(read, "scorer-b", Instant.EPOCH)),
                        first, firstB);
                for (int restart = 1; restart <= RESTARTS; restart++) {
                    second.kill();
                    final Instant restarted = Instant.now();
                    second = start("scorer-b-" + restart, b);
                    final int attempt = restart;
                    final ChildJvm replacement = second;
                    withLogs(() -> scores.until("scorer-b scores again after restart " + attempt, SCORES_AGAIN_WITHIN,
                            read -> scoredBy(read, "scorer-b", restarted)), first, replacement);
                    restartToScoringMs.add(Duration.between(restarted, Instant.now()).toMillis());
                }
                producer.shutdown();
                producer.awaitTermination(10, TimeUnit.SECONDS);
                events.flush();
                final int total = produced.get();
                scores.until("all " + total + " reviews are scored", Duration.ofSeconds(60),
                        read -> scores.countByKey().size() >= total);
                LOG.info("Static membership {}: {} reviews at {}/s, {} restarts; restart to the first committed score"
                                + " of the restarted instance, ms: {}", staticMembership ? "on" : "off", total,
                        RATE_PER_SECOND, RESTARTS, restartToScoringMs);

                final Map<String, Long> counts = scores.countByKey();
                final Set<String> expected = IntStream.range(0, total).mapToObj(i -> "r-" + i)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(expected, new TreeSet<>(counts.keySet()), "every review scored");
                assertEquals(Map.of(), new TreeMap<>(counts).entrySet().stream().filter(e -> e.getValue() != 1L)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "each exactly once");
            } finally {
                producer.shutdownNow();
                second.close();
            }
        }
    }

    private ChildJvm start(final String name, final StreamsSettings settings) {
        return ChildJvm.start(dir, name, List.of(ChildJvm.PRODUCTION_LOGGING), RunArguments.of(settings, "--role",
                "scorer"));
    }

    /** Runs {@code check}; on failure, adds the instances' logs to the error. */
    private static void withLogs(final Runnable check, final ChildJvm... instances) {
        try {
            check.run();
        } catch (final AssertionError e) {
            final StringBuilder logs = new StringBuilder(e.getMessage());
            for (final ChildJvm instance : instances) {
                logs.append("\n--- an instance's log:\n").append(instance.stderr());
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    /** Whether {@code instanceId} has a committed score made after {@code after}. */
    private static boolean scoredBy(final List<ConsumerRecord<String, byte[]>> read, final String instanceId,
                                    final Instant after) {
        for (int i = read.size() - 1; i >= 0; i--) {
            final SentimentScore score = Events.score(read.get(i));
            if (instanceId.equals(score.getInstanceId()) && score.getScoredTime().isAfter(after)) {
                return true;
            }
        }
        return false;
    }
}
