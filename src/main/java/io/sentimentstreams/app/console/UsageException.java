package io.sentimentstreams.app.console;

/**
 * The command line itself is wrong (a flag value out of range, flags that do not go together): printed as one line
 * with a hint to {@code --help}, exit code 2, like picocli's own usage errors.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(final String message) {
        super(message);
    }

    /** Throws a usage error with {@code message} unless {@code valid}. */
    public static void require(final boolean valid, final String message) {
        if (!valid) {
            throw new UsageException(message);
        }
    }
}
