package io.sentimentstreams.app.console;

/** A problem the user can fix (a bad file, a bad combination of flags): printed as one line, no stack trace. */
public final class UserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserException(final String message) {
        super(message);
    }
}
