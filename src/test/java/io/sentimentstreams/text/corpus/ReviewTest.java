package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReviewTest {

    @Test
    void shouldBeLabeledWhenPositiveOrNegative() {
        assertTrue(new Review("good", Review.POSITIVE).labeled());
        assertTrue(new Review("bad", Review.NEGATIVE).labeled());
    }

    @Test
    void shouldNotBeLabeledWhenUnlabeled() {
        assertFalse(new Review("text", Review.UNLABELED).labeled());
    }

    @Test
    void shouldRejectLabelOutsideMinusOneToOne() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Review("x", 2));
        assertEquals("label must be 1 (positive), 0 (negative) or -1 (unlabeled), got 2", e.getMessage());
    }

    @Test
    void shouldRejectNullText() {
        final NullPointerException e = assertThrows(NullPointerException.class, () -> new Review(null, 1));
        assertEquals("text must not be null", e.getMessage());
    }
}
