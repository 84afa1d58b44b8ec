package io.sentimentstreams.text.corpus;

/**
 * What a source yields for one line or file: a review, or where and why nothing could be read.
 *
 * @param review   the review, or {@code null} when the entry is malformed
 * @param location {@code "PATH:LINE"} or {@code "PATH"} of a malformed entry, else {@code null}
 * @param problem  why the entry is malformed, else {@code null}
 */
record Entry(Review review, String location, String problem) {

    static Entry of(final Review review) {
        return new Entry(review, null, null);
    }

    static Entry malformed(final String location, final String problem) {
        return new Entry(null, location, problem);
    }
}
