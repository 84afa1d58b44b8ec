package io.sentimentstreams.app;

import io.sentimentstreams.text.corpus.MalformedPolicy;
import java.util.Locale;
import java.util.function.Function;

/** Parsing of enumerated flag values into one-line errors that say what is allowed. */
final class Flags {

    private Flags() {
    }

    static <T> T parse(final String flag, final String value, final Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (final IllegalArgumentException e) {
            throw new UserException("invalid value '" + value + "' for " + flag + ": " + e.getMessage());
        }
    }

    static MalformedPolicy malformed(final String value) {
        return parse("--on-malformed", value, v -> MalformedPolicy.valueOf(v.toUpperCase(Locale.ROOT)));
    }
}
