package io.sentimentstreams.model;

/** A model file that cannot be used: not a model, truncated, corrupt, or from an incompatible version. */
public final class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(final String message) {
        super(message);
    }

    public ModelFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
