package io.sentimentstreams.text.corpus;

/**
 * A corpus cannot be read: a missing path, an unsupported format, a corrupt gzip file, or a malformed line
 * under {@link MalformedPolicy#FAIL}. The message is one line that names the file (and the line number
 * when there is one), fit to be shown to the operator as it is.
 */
public final class CorpusFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorpusFormatException(final String message) {
        super(message);
    }

    public CorpusFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
