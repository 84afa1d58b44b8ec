package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.app.EmbeddedKafka;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.SyntheticReviews;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping an instance part-way and starting it again on the same state, through a real broker. */
class RestartOnBrokerTest {

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenAnInstanceRestarts() {
        // The instance stops while the first half is being scored: full batches of 64 are scored at once, the
        // partial batches left over (1 and 57 reviews of r-0 ... r-249 on the two partitions) wait 3 s in the
        // changelogged scoring buffer, longer than the stop takes. The second half arrives while it is down, and it
        // restarts on the same state directory.
        final StreamsSettings settings = StreamsInstance.settings(kafka, "restart", stateDir,
                "instance-a", Map.of(StreamsSettings.SCORING_BATCH_MAX_RECORDS, "64",
                        StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, "3000"));
        kafka.createTopics(settings);
        final StreamsSettings.Topics topics = settings.topics();
        final int count = 500;
        final int firstHalf = 250;
        try (Events events = new Events(kafka.bootstrapServers());
             TopicReader scores = new TopicReader(kafka.bootstrapServers(), topics.scores())) {
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

    private static Map<String, Long> duplicates(final Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
