package io.sentimentstreams.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** The headers a dead letter carries, on top of the original record's own headers. Values are UTF-8 text. */
public final class DeadLetters {

    /** Why the record was rejected, in a sentence. */
    public static final String REASON = "dlq.reason";
    /** Why the record was rejected, as a {@link DeadLetterReason} name. */
    public static final String REASON_CODE = "dlq.reason.code";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    /** Offset of the record in that partition. */
    public static final String SOURCE_OFFSET = "dlq.source.offset";

    private DeadLetters() {
    }

    /** Adds the reason and the source position (when known) to {@code headers}. */
    static Headers describe(final Headers headers, final Rejection rejection, final RecordMetadata source) {
        put(headers, REASON, rejection.reason());
        put(headers, REASON_CODE, rejection.code().name());
        if (source != null) {
            put(headers, SOURCE_TOPIC, source.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        }
        return headers;
    }

    private static void put(final Headers headers, final String key, final String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
