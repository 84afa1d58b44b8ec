package io.sentimentstreams.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.text.corpus.Review;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyntheticReviewsTest {

    private static final long SEED = 20240607L;
    private static final List<Review> REVIEWS = SyntheticReviews.generate(2000, SEED);

    private static List<String> words(final String text) {
        final List<String> words = new ArrayList<>();
        for (final String word : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static int tokens(final String text) {
        return text.split("\\s+").length;
    }

    @Test
    void shouldBeDeterministicForASeed() {
        assertEquals(SyntheticReviews.generate(50, 7L), SyntheticReviews.generate(50, 7L));
    }

    @Test
    void shouldDependOnTheSeed() {
        assertNotEquals(SyntheticReviews.generate(50, 7L), SyntheticReviews.generate(50, 8L));
    }

    @Test
    void shouldExtendTheSameSequenceWhenMoreAreAsked() {
        assertEquals(SyntheticReviews.generate(30, 7L), SyntheticReviews.generate(60, 7L).subList(0, 30));
    }

    @Test
    void shouldBalanceLabelsInEveryPrefix() {
        final List<Review> reviews = SyntheticReviews.generate(301, 3L);
        int positives = 0;
        for (int i = 0; i < reviews.size(); i++) {
            positives += reviews.get(i).label();
            final int negatives = i + 1 - positives;
            assertTrue(Math.abs(positives - negatives) <= 1, "after " + (i + 1) + " reviews: " + positives);
        }
    }

    @Test
    void shouldGiveOnlyPositiveAndNegativeLabels() {
        assertTrue(REVIEWS.stream().allMatch(review -> review.label() == 0 || review.label() == 1));
    }

    @Test
    void shouldGenerateUnlabeledReviewsWithTheSameTexts() {
        final List<Review> unlabeled = SyntheticReviews.generateUnlabeled(40, 5L);

        assertTrue(unlabeled.stream().noneMatch(Review::labeled));
        assertEquals(SyntheticReviews.generate(40, 5L).stream().map(Review::text).toList(),
                unlabeled.stream().map(Review::text).toList());
    }

    @Test
    void shouldKeepLengthsBetweenTwentyAndThreeHundredTokens() {
        final IntSummaryStatistics lengths = REVIEWS.stream().mapToInt(review -> tokens(review.text()))
                .summaryStatistics();

        assertTrue(lengths.getMin() >= SyntheticReviews.MIN_TOKENS, "min " + lengths.getMin());
        assertTrue(lengths.getMax() <= SyntheticReviews.MAX_TOKENS, "max " + lengths.getMax());
    }

    @Test
    void shouldVaryLengthsWidely() {
        final IntSummaryStatistics lengths = REVIEWS.stream().mapToInt(review -> tokens(review.text()))
                .summaryStatistics();

        assertTrue(lengths.getMin() < 25, "min " + lengths.getMin());
        assertTrue(lengths.getMax() > 150, "max " + lengths.getMax());
    }

    @Test
    void shouldUseAVocabularyOfAFewHundredWords() {
        final Set<String> vocabulary = new HashSet<>();
        REVIEWS.forEach(review -> vocabulary.addAll(words(review.text())));

        assertTrue(vocabulary.size() >= 300 && vocabulary.size() <= 1000, "vocabulary " + vocabulary.size());
    }

    @Test
    void shouldKeepPositiveAndNegativeLexiconsApart() {
        final Set<String> both = new HashSet<>(SyntheticLexicon.POSITIVE_WORDS);
        both.retainAll(SyntheticLexicon.NEGATIVE_WORDS);

        assertEquals(Set.of(), both);
    }

    @Test
    void shouldGiveRatingsThatAgreeWithTheLabel() {
        final Pattern rating = Pattern.compile("\\b(\\d{1,2})(?:/10| out of 10)");
        int rated = 0;
        for (final Review review : REVIEWS) {
            final Matcher matcher = rating.matcher(review.text());
            if (matcher.find()) {
                rated++;
                final int score = Integer.parseInt(matcher.group(1));
                assertEquals(review.label() == 1, score >= 7, review.text());
                assertTrue(score <= 4 || score >= 7, review.text());
            }
        }
        assertTrue(rated > 100 && rated < 1000, "rated " + rated);
    }

    @Test
    void shouldSometimesBreakParagraphsAsImdbDoes() {
        final long withBreaks = REVIEWS.stream().filter(review -> review.text().contains("<br /><br />")).count();

        assertTrue(withBreaks > 50 && withBreaks < 1500, "with breaks " + withBreaks);
    }

    @Test
    void shouldDefeatWordCountingOften() {
        final double accuracy = LexiconBaseline.accuracy(REVIEWS);

        assertTrue(accuracy > 0.60 && accuracy < 0.95, "counting accuracy " + accuracy);
    }

    @Test
    void shouldBeReadableWhenNegationAndContrastAreApplied() {
        final double accuracy = accuracy(GrammarReader::score);

        assertTrue(accuracy > 0.97, "grammar-aware accuracy " + accuracy);
    }

    @Test
    void shouldRejectNegativeCount() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticReviews.generate(-1, SEED));
        assertEquals("count must be >= 0, got -1", e.getMessage());
    }

    private static double accuracy(final java.util.function.ToIntFunction<String> scorer) {
        int correct = 0;
        for (final Review review : REVIEWS) {
            final int predicted = scorer.applyAsInt(review.text()) > 0 ? 1 : 0;
            correct += predicted == review.label() ? 1 : 0;
        }
        return correct / (double) REVIEWS.size();
    }

    private static int polarity(final String word) {
        if (SyntheticLexicon.POSITIVE_WORDS.contains(word)) {
            return 1;
        }
        return SyntheticLexicon.NEGATIVE_WORDS.contains(word) ? -1 : 0;
    }

    /**
     * Reads the way the grammar means: a negator flips the next polar word of its clause, the clause after
     * "but" (or after the comma of "although") outweighs the one before, the last sentence weighs more, and a
     * rating decides.
     */
    private static final class GrammarReader {

        private static final Set<String> NEGATORS = Set.of("not", "never", "hardly", "no", "far", "cannot");
        private static final Pattern RATING = Pattern.compile("(\\d{1,2})(?:/10| out of 10)");
        private static final int DECISIVE = 100;

        static int score(final String text) {
            final String[] sentences = text.replace("<br /><br />", " ").split("(?<=[.!])\\s+");
            int score = 0;
            for (int i = 0; i < sentences.length; i++) {
                final Matcher rating = RATING.matcher(sentences[i]);
                if (rating.find()) {
                    score += Integer.parseInt(rating.group(1)) >= 7 ? DECISIVE : -DECISIVE;
                } else {
                    final boolean turn = sentences[i].startsWith("But ");
                    final int weight = turn ? DECISIVE : i == sentences.length - 1 ? 3 : 1;
                    score += weight * clauseScore(mainClause(sentences[i]));
                }
            }
            return score;
        }

        private static String mainClause(final String sentence) {
            final int but = sentence.indexOf(", but ");
            if (but >= 0) {
                return sentence.substring(but + ", but ".length());
            }
            if (sentence.startsWith("Although ")) {
                return sentence.substring(sentence.indexOf(", ") + 2);
            }
            return sentence;
        }

        private static int clauseScore(final String clause) {
            int score = 0;
            boolean negated = false;
            for (final String word : words(clause)) {
                if (NEGATORS.contains(word) || word.endsWith("n't")) {
                    negated = true;
                } else if (polarity(word) != 0) {
                    score += negated ? -polarity(word) : polarity(word);
                    negated = false;
                }
            }
            return score;
        }
    }
}
