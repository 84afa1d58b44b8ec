package io.sentimentstreams.stream;

import java.util.Locale;

/**
 * The stages of a review's time in a scorer, from the moment the stream thread hands it to the scoring processor
 * until its score is forwarded (then the next commit makes it visible). Each is recorded per review, in ms.
 */
public enum ScoringStage {
    WAIT("from arrival until its batch is handed to a worker (the batch wait, then a free worker)"),
    QUEUE("from hand-out until a worker starts on the batch"),
    SCORE("the worker tokenising and scoring the review's batch"),
    FORWARD("from the batch's scores being ready until the stream thread forwards them");

    private final String meaning;

    ScoringStage(final String meaning) {
        this.meaning = meaning;
    }

    /** Its name in the metrics' {@code stage} tag. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String meaning() {
        return meaning + ".";
    }
}
