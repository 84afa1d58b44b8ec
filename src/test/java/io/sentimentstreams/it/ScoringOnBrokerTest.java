package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.DeadLetterReason;
import io.sentimentstreams.stream.DeadLetters;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scoring path and the dead-letter path against a real broker. */
class ScoringOnBrokerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path stateDir;

    @Test
    void shouldScoreEveryReviewExactlyOnce() {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "once", stateDir,
                "instance-a", Map.of());
        BROKER.kafka().createTopics(settings);
        final int count = 1_000;
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), settings.topics().scores())) {
            events.sendReviews(settings.topics().reviews(), "r", 0, count, SyntheticReviews.generateUnlabeled(count, 7));
            try (StreamsInstance instance = StreamsInstance.start(settings)) {
                scores.until(count + " reviews are scored", read -> scores.countByKey().size() >= count);
                instance.assertHealthy();
            }
            final List<ConsumerRecord<String, byte[]>> all = scores.toEnd();

            assertEquals(count, all.size(), "scores in total");
            final Set<String> expected = IntStream.range(0, count).mapToObj(i -> "r-" + i).collect(Collectors.toSet());
            assertEquals(expected, scores.countByKey().keySet());
            for (final ConsumerRecord<String, byte[]> record : all) {
                final SentimentScore score = Events.score(record);
                assertEquals(record.key(), score.getReviewId());
                assertEquals("instance-a", score.getInstanceId());
            }
        }
    }

    @Test
    void shouldSendBadEventsToTheDeadLetterTopicAndKeepScoring() {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "bad", stateDir,
                "instance-a", Map.of());
        BROKER.kafka().createTopics(settings);
        final StreamsSettings.Topics topics = settings.topics();
        final List<Review> texts = SyntheticReviews.generateUnlabeled(20, 11);
        try (Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader scores = new TopicReader(BROKER.kafka().bootstrapServers(), topics.scores());
             TopicReader deadLetters = new TopicReader(BROKER.kafka().bootstrapServers(), topics.deadLetters());
             StreamsInstance instance = StreamsInstance.start(settings)) {
            events.sendReviews(topics.reviews(), "before", 0, 10, texts);
            events.sendRaw(topics.reviews(), "garbage", "not an Avro record".getBytes(StandardCharsets.UTF_8));
            events.sendRaw(topics.reviews(), "empty",
                    Events.SERDES.reviews().serializer().serialize(topics.reviews(), Events.review("empty", "  ")));
            final LabeledReview badLabel = Events.labeled("bad-label", new Review("a fine film", Review.POSITIVE));
            badLabel.setLabel(7);
            events.sendLabeled(topics.labeledReviews(), "bad-label", badLabel);
            events.sendReviews(topics.reviews(), "after", 0, 10, texts);

            deadLetters.until("three dead letters arrive", read -> read.size() >= 3);
            scores.until("the 20 good reviews are scored", read -> scores.countByKey().size() >= 20);

            final Map<String, String> reasonByKey = deadLetters.records().stream().collect(Collectors.toMap(
                    ConsumerRecord::key, ScoringOnBrokerTest::reasonCode));
            assertEquals(Map.of("garbage", DeadLetterReason.UNDECODABLE.name(),
                    "empty", DeadLetterReason.EMPTY_TEXT.name(),
                    "bad-label", DeadLetterReason.BAD_LABEL.name()), reasonByKey);
            instance.assertHealthy();
            assertTrue(scores.countByKey().keySet().stream().allMatch(k -> k.startsWith("before-")
                    || k.startsWith("after-")), "only the good reviews are scored: " + scores.countByKey().keySet());
        }
    }

    private static String reasonCode(final ConsumerRecord<String, byte[]> record) {
        final Header header = record.headers().lastHeader(DeadLetters.REASON_CODE);
        return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
