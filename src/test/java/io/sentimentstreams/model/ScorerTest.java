package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.text.corpus.Review;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScorerTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void shouldGiveTheSameScoresWhateverTheBatchSize(final CellType cell) {
        final SentimentModel model = new Trainer(TestModels.tiny(cell, 1, 1), TrainingListener.SILENT)
                .train(SyntheticReviews.generate(64, 5), List.of(), Map.of());
        final List<String> texts = SyntheticReviews.generate(37, 6).stream().map(Review::text).toList();
        final double[] alone = model.newScorer(1).positiveProbabilities(texts);
        final double[] batched = model.newScorer(16).positiveProbabilities(texts);
        assertArrayEquals(alone, batched, 1e-5);
    }
}
