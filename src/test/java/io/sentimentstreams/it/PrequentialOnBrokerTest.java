package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.app.demo.LexiconBaseline;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labeled stream through a real broker raises the online trainer's prequential accuracy (each review is scored by
 * the current model before it is learned), as the model snapshots it publishes record.
 */
class PrequentialOnBrokerTest {

    private static final int REVIEWS = 1_600;
    private static final Map<String, String> TRAINING = Map.of(
            StreamsSettings.TEXT_MAX_TOKENS, "60",
            StreamsSettings.MODEL_HASHING_BUCKETS, "2000",
            StreamsSettings.TRAINING_BATCH_SIZE, "16",
            StreamsSettings.TRAINING_LEARNING_RATE, "0.02",
            StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "10",
            StreamsSettings.TRAINING_WINDOW_RECORDS, "160");

    @TempDir
    Path state;

    @Test
    void shouldRaisePrequentialAccuracyAsLabeledReviewsStreamIn() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final StreamsSettings settings = StreamsInstance.settings(kafka, "prequential", state,
                    "instance-a", TRAINING);
            kafka.createTopics(settings, 1);
            final StreamsSettings.Topics topics = settings.topics();
            try (Events events = new Events(kafka.bootstrapServers());
                 TopicReader models = new TopicReader(kafka.bootstrapServers(), topics.models());
                 StreamsInstance instance = StreamsInstance.start(settings)) {
                final List<Review> reviews = SyntheticReviews.generate(REVIEWS, 11);
                for (int i = 0; i < reviews.size(); i++) {
                    events.sendLabeled(topics.labeledReviews(), "l-" + i, Events.labeled("l-" + i, reviews.get(i)));
                }
                events.flush();

                final List<ModelSnapshot> snapshots = models.until("a snapshot has learned all " + REVIEWS
                                + " reviews", Duration.ofSeconds(120),
                        read -> read.stream().map(r -> snapshot(topics, r.value()))
                                .anyMatch(s -> s.getExamplesSeen() >= REVIEWS))
                        .stream().map(r -> snapshot(topics, r.value()))
                        .sorted(Comparator.comparingLong(ModelSnapshot::getVersion)).toList();

                instance.assertHealthy();
                final ModelSnapshot first = snapshots.get(0);
                final ModelSnapshot last = snapshots.get(snapshots.size() - 1);
                assertTrue(snapshots.size() >= 2, () -> "snapshots: " + snapshots.size());
                assertEquals(REVIEWS, last.getExamplesSeen());
                assertTrue(first.getExamplesSeen() <= REVIEWS / 4, () -> "first after " + first.getExamplesSeen());
                final int window = settings.trainingWindowRecords();
                final double counting = LexiconBaseline.accuracy(reviews.subList(REVIEWS - window, REVIEWS));
                assertTrue(last.getPrequentialAccuracy() > counting
                                && last.getPrequentialAccuracy() > first.getPrequentialAccuracy() + 0.15,
                        () -> "prequential accuracy went from " + first.getPrequentialAccuracy() + " after "
                                + first.getExamplesSeen() + " reviews to " + last.getPrequentialAccuracy()
                                + " after " + last.getExamplesSeen() + "; word counting on the last window: "
                                + counting);
                Await.until("every instance scores with the last version", () -> instance.registry.current()
                        .version() == last.getVersion(), () -> "it has " + instance.registry.current().version());
            }
        }
    }

    private static ModelSnapshot snapshot(final StreamsSettings.Topics topics, final byte[] value) {
        return Events.SERDES.snapshots().deserializer().deserialize(topics.models(), value);
    }
}
