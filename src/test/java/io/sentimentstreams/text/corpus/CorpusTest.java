package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void shouldCountLabeledReviews() {
        final Corpus corpus = new Corpus(List.of(new Review("a", 1), new Review("b", -1), new Review("c", 0)), 0, "s");

        assertEquals(2, corpus.labeledCount());
        assertFalse(corpus.allLabeled());
    }

    @Test
    void shouldBeAllLabeledWhenEveryReviewHasALabel() {
        assertTrue(new Corpus(List.of(new Review("a", 1), new Review("b", 0)), 0, "s").allLabeled());
    }

    @Test
    void shouldCopyReviews() {
        final List<Review> reviews = new ArrayList<>(List.of(new Review("a", 1)));
        final Corpus corpus = new Corpus(reviews, 0, "s");
        reviews.clear();

        assertEquals(1, corpus.size());
        assertThrows(UnsupportedOperationException.class, () -> corpus.reviews().add(new Review("b", 0)));
    }

    @Test
    void shouldRejectNegativeSkippedCount() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Corpus(List.of(), -1, "s"));
        assertEquals("skipped must be >= 0, got -1", e.getMessage());
    }
}
