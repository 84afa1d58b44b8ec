package io.sentimentstreams.stream;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a {@link DecodingProcessor} makes of a raw record value: accepted, decoded and checked, or rejected. Both keep
 * the bytes as received, so an accepted review is buffered and a rejected one dead-lettered without encoding it again.
 *
 * @param <T> the decoded record type
 */
sealed interface Decoded<T> permits Decoded.Accepted, Decoded.Rejected {

    /** The value as received from the topic. */
    byte[] raw();

    /** A record that decoded and passed its checks. */
    record Accepted<T>(T value, byte[] raw) implements Decoded<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /** A record on its way to the dead-letter topic; {@code raw} is null for a tombstone. */
    record Rejected<T>(byte[] raw) implements Decoded<T> {
    }

    /** Writes a decoded record as the bytes it arrived as: the dead-letter sinks of the decoders use it. */
    static <T> Serializer<Decoded<T>> rawSerializer() {
        return (topic, decoded) -> decoded == null ? null : decoded.raw();
    }
}
