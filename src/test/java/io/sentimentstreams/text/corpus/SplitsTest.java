package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitsTest {

    private static final long SEED = 42L;

    /** 100 positive and 300 negative reviews with distinct texts. */
    private static List<Review> unbalanced() {
        final List<Review> reviews = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            reviews.add(new Review("review " + i, i % 4 == 0 ? 1 : 0));
        }
        return reviews;
    }

    private static long count(final List<Review> reviews, final int label) {
        return reviews.stream().filter(review -> review.label() == label).count();
    }

    @Test
    void shouldBeDeterministicForASeed() {
        assertEquals(Splits.trainValidation(unbalanced(), 0.2, SEED), Splits.trainValidation(unbalanced(), 0.2, SEED));
    }

    @Test
    void shouldDependOnTheSeed() {
        assertNotEquals(Splits.trainValidation(unbalanced(), 0.2, SEED).validation(),
                Splits.trainValidation(unbalanced(), 0.2, SEED + 1).validation());
    }

    @Test
    void shouldTakeTheSameFractionOfEachLabel() {
        final Split split = Splits.trainValidation(unbalanced(), 0.2, SEED);

        assertEquals(20, count(split.validation(), 1));
        assertEquals(60, count(split.validation(), 0));
        assertEquals(80, count(split.train(), 1));
        assertEquals(240, count(split.train(), 0));
    }

    @Test
    void shouldPartitionTheReviewsInInputOrder() {
        final List<Review> reviews = unbalanced();
        final Split split = Splits.trainValidation(reviews, 0.3, SEED);

        final Comparator<Review> byInputPosition = Comparator.comparingInt(reviews::indexOf);
        assertEquals(reviews.size(), split.train().size() + split.validation().size());
        assertEquals(reviews, Stream.concat(split.train().stream(), split.validation().stream())
                .sorted(byInputPosition).toList());
        assertEquals(split.train().stream().sorted(byInputPosition).toList(), split.train());
        assertEquals(split.validation().stream().sorted(byInputPosition).toList(), split.validation());
    }

    @Test
    void shouldPutAllCopiesOfATextOnOneSide() {
        final List<Review> reviews = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            final int copies = 1 + i % 3;
            for (int c = 0; c < copies; c++) {
                reviews.add(new Review("text " + i, i % 2));
            }
        }
        final Split split = Splits.trainValidation(reviews, 0.25, SEED);

        final Set<String> trainTexts = new HashSet<>();
        split.train().forEach(review -> trainTexts.add(review.text()));
        assertTrue(split.validation().stream().noneMatch(review -> trainTexts.contains(review.text())));
        assertEquals(reviews.size(), split.train().size() + split.validation().size());
    }

    @Test
    void shouldStayCloseToTheFractionWithDuplicates() {
        final List<Review> reviews = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            reviews.add(new Review("text " + i % 900, 1));
        }
        final Split split = Splits.trainValidation(reviews, 0.1, SEED);

        assertTrue(Math.abs(split.validation().size() - 100) <= 1, "validation size " + split.validation().size());
    }

    @Test
    void shouldNotDependOnInputOrder() {
        final List<Review> shuffled = new ArrayList<>(unbalanced());
        Collections.shuffle(shuffled, new Random(SEED));

        final Set<Review> fromOrdered = new HashSet<>(Splits.trainValidation(unbalanced(), 0.2, SEED).validation());
        final Set<Review> fromShuffled = new HashSet<>(Splits.trainValidation(shuffled, 0.2, SEED).validation());
        assertEquals(fromOrdered, fromShuffled);
    }

    @Test
    void shouldKeepEverythingForTrainingWhenFractionIsZero() {
        final Split split = Splits.trainValidation(unbalanced(), 0.0, SEED);

        assertEquals(400, split.train().size());
        assertEquals(List.of(), split.validation());
    }

    @Test
    void shouldStratifyUnlabeledReviewsSeparately() {
        final List<Review> reviews = new ArrayList<>(unbalanced());
        for (int i = 0; i < 50; i++) {
            reviews.add(new Review("unlabeled " + i, Review.UNLABELED));
        }
        final Split split = Splits.trainValidation(reviews, 0.2, SEED);

        assertEquals(10, count(split.validation(), Review.UNLABELED));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void shouldRejectFractionOutsideZeroToOne(final double fraction) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.trainValidation(unbalanced(), fraction, SEED));
        assertEquals("validationFraction must be in [0, 1), got " + fraction, e.getMessage());
    }
}
