package io.sentimentstreams.stream;

/** A setting with an unknown key in this processor's namespaces, or a value that is not allowed: one line for the operator. */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(final String message) {
        super(message);
    }

    public InvalidSettingException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
