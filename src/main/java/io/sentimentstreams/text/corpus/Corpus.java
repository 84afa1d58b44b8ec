package io.sentimentstreams.text.corpus;

import java.util.List;
import java.util.Objects;

/**
 * The reviews read from one source.
 *
 * @param reviews the reviews in source order (an immutable copy)
 * @param skipped how many malformed lines or files were skipped under {@link MalformedPolicy#SKIP}
 * @param source  where the reviews came from: the file or directory that was read
 */
public record Corpus(List<Review> reviews, int skipped, String source) {

    public Corpus {
        Objects.requireNonNull(reviews, "reviews must not be null");
        Objects.requireNonNull(source, "source must not be null");
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must be >= 0, got " + skipped);
        }
        reviews = List.copyOf(reviews);
    }

    /** Returns the number of reviews. */
    public int size() {
        return reviews.size();
    }

    /** Returns the number of reviews with a label (0 or 1). */
    public int labeledCount() {
        return (int) reviews.stream().filter(Review::labeled).count();
    }

    /** Returns whether every review is labeled; {@code true} for an empty corpus. */
    public boolean allLabeled() {
        return labeledCount() == reviews.size();
    }
}
