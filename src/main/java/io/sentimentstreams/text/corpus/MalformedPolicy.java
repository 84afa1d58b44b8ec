package io.sentimentstreams.text.corpus;

/** What a corpus reader does with a line (or an aclImdb file) it cannot turn into a {@link Review}. */
public enum MalformedPolicy {

    /**
     * Report the problem to the warning sink as {@code "PATH:LINE: reason (skipped)"}, count it in
     * {@link Corpus#skipped()} and go on with the next line.
     */
    SKIP,

    /** Stop with a {@link CorpusFormatException} whose message is {@code "PATH:LINE: reason"}. */
    FAIL
}
