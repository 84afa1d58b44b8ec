package io.sentimentstreams.text;

/** Which part of a too-long sequence a {@link TruncationPolicy} keeps. */
public enum Truncation {

    /** Keep the first {@code maxTokens} ids. */
    HEAD,

    /** Keep the last {@code maxTokens} ids. */
    TAIL,

    /**
     * Keep the first {@code maxTokens / 4} and the last {@code maxTokens - maxTokens / 4} ids: the
     * opening sets the topic, and in a review the ending usually carries the verdict.
     */
    HEAD_TAIL
}
