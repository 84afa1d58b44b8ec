package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.app.demo.SyntheticReviews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NblrTrainerTest {

    private static final List<Review> TRAIN = SyntheticReviews.generate(800, 1);
    private static final List<Review> VALIDATION = SyntheticReviews.generate(200, 2);

    private static double accuracy(final NblrModel model) {
        return ((Number) model.facts().get("validationAccuracy")).doubleValue();
    }

    @Test
    void shouldLearnSyntheticReviewsWellAboveChance() {
        final NblrModel model = new NblrTrainer(NblrConfig.defaults(), NblrTrainer.Listener.SILENT)
                .train(TRAIN, VALIDATION, Map.of());
        assertTrue(accuracy(model) > 0.8, "validation accuracy " + accuracy(model));
    }

    @Test
    void shouldReadNegationWithBigramsWhereUnigramsCannot() {
        final List<Review> train = negations(400, 5);
        final List<Review> validation = negations(200, 6);
        final NblrConfig bigrams = new NblrConfig(2, 1, 1.0, 1e-4, 300, 1e-8);
        final NblrConfig unigrams = new NblrConfig(1, 1, 1.0, 1e-4, 300, 1e-8);
        final double withBigrams = accuracy(new NblrTrainer(bigrams, NblrTrainer.Listener.SILENT)
                .train(train, validation, Map.of()));
        final double withUnigrams = accuracy(new NblrTrainer(unigrams, NblrTrainer.Listener.SILENT)
                .train(train, validation, Map.of()));
        assertEquals(1.0, withBigrams, 0.0);
        assertTrue(withUnigrams <= 0.8, "no linear model of unigrams gets all four patterns: " + withUnigrams);
    }

    @Test
    void shouldGiveTheSameModelForTheSameReviews() {
        final NblrModel first = new NblrTrainer(NblrConfig.defaults(), NblrTrainer.Listener.SILENT)
                .train(TRAIN.subList(0, 300), List.of(), Map.of());
        final NblrModel second = new NblrTrainer(NblrConfig.defaults(), NblrTrainer.Listener.SILENT)
                .train(TRAIN.subList(0, 300), List.of(), Map.of());
        assertArrayEquals(first.keys(), second.keys());
        assertArrayEquals(first.weights(), second.weights(), 0f);
        assertEquals(first.bias(), second.bias(), 0.0);
    }

    @Test
    void shouldKeepOnlyNgramsSeenInEnoughReviews() {
        final NblrModel all = new NblrTrainer(new NblrConfig(3, 1, 1.0, 1e-4, 5, 1e-6), NblrTrainer.Listener.SILENT)
                .train(TRAIN, List.of(), Map.of());
        final NblrModel frequent = new NblrTrainer(new NblrConfig(3, 5, 1.0, 1e-4, 5, 1e-6),
                NblrTrainer.Listener.SILENT).train(TRAIN, List.of(), Map.of());
        assertTrue(frequent.features() < all.features() / 2, frequent.features() + " of " + all.features());
        for (final long key : frequent.keys()) {
            assertTrue(java.util.Arrays.binarySearch(all.keys(), key) >= 0);
        }
    }

    @Test
    void shouldGiveAPositiveRatioToAnNgramSeenOnlyInPositiveReviews() {
        // features: 0 in positives only, 1 in negatives only, 2 in both
        final int[] offsets = {0, 2, 4, 5};
        final int[] columns = {0, 2, 1, 2, 2};
        final double[] r = NblrTrainer.logCountRatios(offsets, columns, new int[] {1, 0, 1}, 3, 1.0);
        assertTrue(r[0] > 0 && r[1] < 0, java.util.Arrays.toString(r));
        // p = [2, 1, 3] of 6, q = [1, 2, 2] of 5
        assertEquals(Math.log((2.0 / 6) / (1.0 / 5)), r[0], 1e-12);
        assertEquals(Math.log((3.0 / 6) / (2.0 / 5)), r[2], 1e-12);
    }

    /** "good" and "not bad" positive, "bad" and "not good" negative, among neutral filler words. */
    private static List<Review> negations(final int count, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final String[] filler = {"the", "plot", "was", "acting", "film", "and", "it", "really", "quite", "overall"};
        final List<Review> reviews = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int pattern = i % 4;
            final StringBuilder text = new StringBuilder();
            for (int w = 0; w < 4; w++) {
                text.append(filler[random.nextInt(filler.length)]).append(' ');
            }
            text.append(switch (pattern) {
                case 0 -> "good";
                case 1 -> "not good";
                case 2 -> "bad";
                default -> "not bad";
            });
            for (int w = 0; w < 3; w++) {
                text.append(' ').append(filler[random.nextInt(filler.length)]);
            }
            reviews.add(new Review(text.toString(), pattern == 0 || pattern == 3 ? 1 : 0));
        }
        return reviews;
    }
}
