package io.sentimentstreams.text.corpus;

/**
 * One line (or one aclImdb file) cannot be turned into a review. The message is the reason only; the reader
 * adds the file and line number. Thrown and caught inside this package, so it carries no stack trace.
 */
final class MalformedLineException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedLineException(final String reason) {
        super(reason, null, false, false);
    }

    /** Shortens a value quoted in a message so that a huge field cannot flood the log. */
    static String abbreviate(final String value) {
        final int max = 40;
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }
}
