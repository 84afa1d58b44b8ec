package io.sentimentstreams.text.corpus;

import java.util.Objects;

/**
 * One review: its text and its sentiment label.
 *
 * @param text  the review text as found in the source, never {@code null}; it may contain HTML such as
 *              {@code <br />} and any Unicode character, including U+0085
 * @param label {@link #POSITIVE}, {@link #NEGATIVE} or {@link #UNLABELED}
 */
public record Review(String text, int label) {

    /** Label of a positive review. */
    public static final int POSITIVE = 1;

    /** Label of a negative review. */
    public static final int NEGATIVE = 0;

    /** Label of a review whose sentiment is not known. */
    public static final int UNLABELED = -1;

    public Review {
        Objects.requireNonNull(text, "text must not be null");
        if (label != POSITIVE && label != NEGATIVE && label != UNLABELED) {
            throw new IllegalArgumentException(
                    "label must be 1 (positive), 0 (negative) or -1 (unlabeled), got " + label);
        }
    }

    /** Returns whether the review has a sentiment label (0 or 1). */
    public boolean labeled() {
        return label != UNLABELED;
    }
}
