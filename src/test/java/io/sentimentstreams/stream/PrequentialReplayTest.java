package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.LexiconBaseline;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.text.corpus.Review;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrequentialReplayTest {

    private static final List<Review> STREAM = SyntheticReviews.generate(1600, 8);

    private static PrequentialReplay.Result replay() {
        return PrequentialReplay.run(StreamsSettings.of(OnlineTrainingTopologyTest.TRAINING),
                STREAM.stream().map(Review::text).toList(), STREAM.stream().mapToInt(Review::label).toArray(),
                done -> { });
    }

    @Test
    void shouldPredictBetterAfterLearningFromTheStream() {
        final PrequentialReplay.Result result = replay();
        assertEquals(100, result.trainingSteps());
        final boolean[] firstPart = java.util.Arrays.copyOf(result.correct(), 160);
        final double first = new PrequentialReplay.Result(firstPart, 10).accuracyOfLast(160);
        final double last = result.accuracyOfLast(400);
        final double counting = LexiconBaseline.accuracy(STREAM.subList(1200, 1600));
        assertTrue(last > counting && last > first + 0.1,
                "first 160: " + first + ", last 400: " + last + ", word counting on the last 400: " + counting);
    }

    @Test
    void shouldAlsoLearnTheTextsAsUnlabeledReviewsWhenGivenAWeight() {
        final StreamsSettings settings = StreamsSettings.of(OnlineTrainingTopologyTest.TRAINING);
        final List<String> texts = STREAM.stream().map(Review::text).toList();
        final int[] labels = STREAM.stream().mapToInt(Review::label).toArray();

        final PrequentialReplay.Result withText = PrequentialReplay.run(settings, settings.initialModel().create(),
                true, 0.05, texts, labels, done -> { });
        final PrequentialReplay.Result again = PrequentialReplay.run(settings, settings.initialModel().create(),
                true, 0.05, texts, labels, done -> { });

        assertTrue(!Arrays.equals(replay().correct(), withText.correct()),
                "the language-model steps change the predictions");
        assertEquals(withText.accuracyOfLast(1600), again.accuracyOfLast(1600), "and replay the same");
        final double first = new PrequentialReplay.Result(Arrays.copyOf(withText.correct(), 160), 10)
                .accuracyOfLast(160);
        assertTrue(withText.accuracyOfLast(400) > first + 0.1,
                "it still learns: first 160 " + first + ", last 400 " + withText.accuracyOfLast(400));
    }

    @Test
    void shouldGiveTheSameAccuracyOnEveryReplay() {
        assertEquals(replay().accuracyOfLast(1600), replay().accuracyOfLast(1600));
    }
}
