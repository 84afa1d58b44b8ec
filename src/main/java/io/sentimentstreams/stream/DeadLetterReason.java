package io.sentimentstreams.stream;

/** Why a record went to the dead-letter topic; the value of its {@value DeadLetters#REASON_CODE} header. */
public enum DeadLetterReason {
    /** The value is not a readable Avro record of the topic's type. */
    UNDECODABLE,
    /** The value is null (a tombstone), which these topics never carry. */
    NULL_VALUE,
    /** The review id is empty. */
    MISSING_ID,
    /** The review text is empty or only white space. */
    EMPTY_TEXT,
    /** The review text is longer than {@code text.max.chars}. */
    TEXT_TOO_LONG,
    /** The label of a labeled review is neither 0 nor 1. */
    BAD_LABEL,
    /** A model snapshot's model file is corrupt or cannot be loaded. */
    BAD_MODEL,
    /** The model's score for the review is not a finite number (NaN); a score is never NaN. */
    NON_FINITE_SCORE
}
