package io.sentimentstreams.app.demo;

import io.sentimentstreams.text.corpus.Review;
import java.util.List;
import java.util.Locale;

/**
 * The baseline a sentiment model must beat on the synthetic reviews: positive words minus negative words, blind to
 * negation and contrast; ties count as negative. A network that does no better has not learned what the words mean
 * in their sentences.
 */
public final class LexiconBaseline {

    private LexiconBaseline() {
    }

    /** Positive minus negative lexicon words in {@code text}. */
    public static int score(final String text) {
        int score = 0;
        for (final String word : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            if (SyntheticLexicon.POSITIVE_WORDS.contains(word)) {
                score++;
            } else if (SyntheticLexicon.NEGATIVE_WORDS.contains(word)) {
                score--;
            }
        }
        return score;
    }

    /** Share of {@code reviews} whose label the word count gets right. */
    public static double accuracy(final List<Review> reviews) {
        int correct = 0;
        for (final Review review : reviews) {
            correct += (score(review.text()) > 0 ? 1 : 0) == review.label() ? 1 : 0;
        }
        return correct / (double) reviews.size();
    }
}
