package io.sentimentstreams.stream;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ReviewEvent;
import java.util.Optional;

/** The checks a decoded review or labeled review must pass to be scored or trained on. */
final class ReviewChecks {

    private ReviewChecks() {
    }

    static Optional<Rejection> review(final ReviewEvent review, final int maxChars) {
        if (review.getId().isEmpty()) {
            return Optional.of(new Rejection(DeadLetterReason.MISSING_ID,
                    "The review has an empty id; scores refer to reviews by id."));
        }
        final String text = review.getText();
        if (text.isBlank()) {
            return Optional.of(new Rejection(DeadLetterReason.EMPTY_TEXT,
                    "Review " + review.getId() + " has an empty text; there is nothing to score."));
        }
        if (text.length() > maxChars) {
            return Optional.of(new Rejection(DeadLetterReason.TEXT_TOO_LONG,
                    "Review " + review.getId() + " has a text of " + text.length() + " chars, more than "
                            + StreamsSettings.TEXT_MAX_CHARS + " = " + maxChars + "."));
        }
        return Optional.empty();
    }

    static Optional<Rejection> labeled(final LabeledReview labeled, final int maxChars) {
        final Optional<Rejection> review = review(labeled.getReview(), maxChars);
        if (review.isPresent()) {
            return review;
        }
        final int label = labeled.getLabel();
        if (label != 0 && label != 1) {
            return Optional.of(new Rejection(DeadLetterReason.BAD_LABEL,
                    "Review " + labeled.getReview().getId() + " has label " + label
                            + "; a label must be 1 (positive) or 0 (negative)."));
        }
        return Optional.empty();
    }
}
