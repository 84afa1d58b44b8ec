package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The names of nodes, stores and changelog topics are part of the deployed contract: a renamed store would start
 * from an empty changelog after an upgrade. They are written out here as literals, not taken from the constants
 * under test.
 */
class TopologyShapeTest {

    private static final StreamsSettings SETTINGS = StreamsSettings.of(Map.of());

    @TempDir
    Path stateDir;

    private static TopologyDescription describe() {
        return SentimentTopology.build(SETTINGS, StreamSerdes.create(),
                ModelRegistry.withInitialModel(SETTINGS, 0L)).describe();
    }

    @Test
    void shouldKeepScoringAndTrainingInSeparateSubTopologiesWithStableNodeNames() {
        final Set<Set<String>> subTopologies = describe().subtopologies().stream()
                .map(s -> s.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet()))
                .collect(Collectors.toSet());

        assertEquals(Set.of(
                Set.of("reviews-source", "reviews-decoder", "scoring-batcher", "scores-sink",
                        "reviews-dead-letters-sink", "scoring-dead-letters-sink"),
                Set.of("labeled-reviews-source", "labeled-reviews-decoder", "online-trainer", "models-sink",
                        "model-events-sink", "models-dead-letters-sink", "labeled-reviews-dead-letters-sink")), subTopologies,
                "a training step must never hold back scoring: they must not share a task");
    }

    @Test
    void shouldGiveTheScoringClientOnlyScoringAndTheModelsItScoresWith() {
        final TopologyDescription scoring = SentimentTopology.buildScoring(SETTINGS, StreamSerdes.create(),
                ModelRegistry.withInitialModel(SETTINGS, 0L)).describe();

        assertEquals(Set.of(Set.of("reviews-source", "reviews-decoder", "scoring-batcher", "scores-sink",
                "reviews-dead-letters-sink", "scoring-dead-letters-sink")), nodeNames(scoring));
        assertEquals(Set.of("models-store"), scoring.globalStores().iterator().next().processor().stores());
    }

    @Test
    void shouldGiveTheTrainingClientOnlyTrainingAndTheModelsItFollows() {
        final TopologyDescription training = SentimentTopology.buildTraining(SETTINGS, StreamSerdes.create(),
                ModelRegistry.withInitialModel(SETTINGS, 0L)).describe();

        assertEquals(Set.of(Set.of("labeled-reviews-source", "labeled-reviews-decoder", "online-trainer",
                "models-sink", "model-events-sink", "models-dead-letters-sink", "labeled-reviews-dead-letters-sink")),
                nodeNames(training));
        assertEquals(Set.of("models-store"), training.globalStores().iterator().next().processor().stores());
    }

    @Test
    void shouldReadUnlabeledReviewsInASubTopologyOfTheirOwnWhenTheUnlabeledWeightIsPositive() {
        final StreamsSettings settings = StreamsSettings.of(Map.of("training.unlabeled.weight", "0.1"));
        final TopologyDescription training = SentimentTopology.buildTraining(settings, StreamSerdes.create(),
                ModelRegistry.withInitialModel(settings, 0L)).describe();

        assertEquals(Set.of(Set.of("labeled-reviews-source", "labeled-reviews-decoder", "online-trainer",
                "models-sink", "model-events-sink", "models-dead-letters-sink", "labeled-reviews-dead-letters-sink"),
                Set.of("unlabeled-reviews-source", "unlabeled-reviews-collector")), nodeNames(training),
                "the reviews topic's partitions must not become tasks of the trainer");
        final Set<String> stores = new java.util.TreeSet<>();
        training.subtopologies().forEach(s -> s.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Processor)
                .forEach(n -> stores.addAll(((TopologyDescription.Processor) n).stores())));
        assertEquals(Set.of("training-log", "trainer-state"), stores, "no new store, no new changelog");
    }

    private static Set<Set<String>> nodeNames(final TopologyDescription description) {
        return description.subtopologies().stream()
                .map(s -> s.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
    }

    @Test
    void shouldKeepTheStoreNamesOfEveryProcessor() {
        final Map<String, Set<String>> storesByProcessor = new TreeMap<>();
        describe().subtopologies().forEach(s -> s.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Processor)
                .map(n -> (TopologyDescription.Processor) n)
                .filter(p -> !p.stores().isEmpty())
                .forEach(p -> storesByProcessor.put(p.name(), p.stores())));

        assertEquals(Map.of("scoring-batcher", Set.of("scoring-buffer"),
                "online-trainer", Set.of("training-log", "trainer-state")), storesByProcessor);
        final TopologyDescription.GlobalStore global = describe().globalStores().iterator().next();
        assertEquals(1, describe().globalStores().size());
        assertEquals(Set.of("models"), global.source().topicSet());
        assertEquals(Set.of("models-store"), global.processor().stores());
    }

    @Test
    void shouldWriteStateToChangelogTopicsOfStableNames() {
        try (StreamFixture fixture = new StreamFixture(stateDir, Map.of(StreamsSettings.TRAINING_BATCH_SIZE, "2",
                StreamsSettings.TEXT_MAX_CHARS, "100000", StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "1"))) {
            fixture.pipeReview("r-0", "a review to buffer");
            OnlineTrainingTopologyTest.pipeLabeled(fixture, SyntheticReviews.generate(4, 1));

            final Set<String> written = fixture.driver.producedTopicNames();
            for (final String changelog : Set.of("sentiment-test-scoring-buffer-changelog",
                    "sentiment-test-training-log-changelog", "sentiment-test-trainer-state-changelog")) {
                assertTrue(written.contains(changelog), changelog + " not among " + written);
            }
        }
    }
}
