package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sentimentstreams.stream.serde.StreamSerdes;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TopologyShapeTest {

    private static final StreamsSettings SETTINGS = StreamsSettings.of(Map.of());

    @Test
    void shouldKeepScoringAndTrainingInSeparateSubTopologies() {
        final TopologyDescription description = SentimentTopology.build(SETTINGS, StreamSerdes.create(),
                ModelRegistry.withInitialModel(SETTINGS, 0L)).describe();

        final Set<Set<String>> subTopologies = description.subtopologies().stream()
                .map(s -> s.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet()))
                .collect(Collectors.toSet());

        assertEquals(Set.of(
                Set.of(SentimentTopology.REVIEWS_SOURCE, SentimentTopology.REVIEWS_DECODER,
                        SentimentTopology.SCORING_BATCHER, SentimentTopology.SCORES_SINK,
                        SentimentTopology.REVIEWS_DEAD_LETTERS_SINK, SentimentTopology.SCORING_DEAD_LETTERS_SINK),
                Set.of(SentimentTopology.LABELED_SOURCE, SentimentTopology.LABELED_DECODER,
                        SentimentTopology.TRAINER, SentimentTopology.MODELS_SINK,
                        SentimentTopology.LABELED_DEAD_LETTERS_SINK)), subTopologies,
                "a training step must never hold back scoring: they must not share a task");
        assertEquals(1, description.globalStores().size());
    }
}
