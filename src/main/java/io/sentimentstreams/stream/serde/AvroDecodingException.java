package io.sentimentstreams.stream.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be read as the expected record. The {@link #reason()} says why in a form fit for a
 * dead-letter header; the message says it in a sentence for the operator, naming the topic.
 */
public final class AvroDecodingException extends SerializationException {

    /** Why a record could not be read. */
    public enum Reason {
        /** Too short for the 10-byte single-object header, or not starting with the marker {@code C3 01}. */
        NOT_SINGLE_OBJECT_ENCODED,
        /** The header's schema fingerprint matches neither the current schema nor any schema in the history. */
        UNKNOWN_FINGERPRINT,
        /** The writer schema is known but describes a record the reader cannot resolve into its own type. */
        INCOMPATIBLE_SCHEMA,
        /** The body ends before the record is complete. */
        TRUNCATED,
        /** The body does not decode with its writer schema (a negative length, a bad union branch, ...). */
        MALFORMED_BODY,
        /** The record is complete but more bytes follow it. */
        TRAILING_BYTES
    }

    private final Reason reason;

    public AvroDecodingException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
