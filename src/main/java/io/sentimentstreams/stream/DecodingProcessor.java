package io.sentimentstreams.stream;

import io.sentimentstreams.stream.serde.AvroDecodingException;
import io.sentimentstreams.stream.serde.AvroSerde;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the raw value of a record and checks it: a valid record goes on to {@code validChild} as
 * {@link Decoded.Accepted} (decoded, with the bytes it came as); any other goes to {@code deadLetterChild} as
 * {@link Decoded.Rejected}, with its original bytes and headers and the reason in {@link DeadLetters} headers, and
 * is counted in {@value StreamMetrics#DEAD_LETTERS_TOTAL}. Never throws for bad input, so the stream goes on.
 *
 * @param <T> the decoded record type
 */
final class DecodingProcessor<T extends SpecificRecord> extends ContextualProcessor<byte[], byte[], byte[], Decoded<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingProcessor.class);

    private final AvroSerde<T> serde;
    private final Function<T, Optional<Rejection>> check;
    private final String validChild;
    private final String deadLetterChild;
    private final Map<DeadLetterReason, Sensor> deadLetters = new EnumMap<>(DeadLetterReason.class);

    DecodingProcessor(final AvroSerde<T> serde, final Function<T, Optional<Rejection>> check,
                      final String validChild, final String deadLetterChild) {
        this.serde = serde;
        this.check = check;
        this.validChild = validChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(final ProcessorContext<byte[], Decoded<T>> context) {
        super.init(context);
        for (final DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, StreamMetrics.deadLetters(context.metrics(), reason));
        }
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final RecordMetadata source = context().recordMetadata().orElse(null);
        if (record.value() == null) {
            reject(record, source, new Rejection(DeadLetterReason.NULL_VALUE,
                    "The record has no value (a tombstone); this topic carries only " + typeName() + " records."));
            return;
        }
        final T decoded;
        try {
            decoded = serde.deserializer().deserialize(source == null ? null : source.topic(), record.value());
        } catch (final AvroDecodingException e) {
            reject(record, source, new Rejection(DeadLetterReason.UNDECODABLE,
                    e.getMessage() + " (" + e.reason() + ")."));
            return;
        }
        final Optional<Rejection> rejection = check.apply(decoded);
        if (rejection.isPresent()) {
            reject(record, source, rejection.get());
            return;
        }
        context().forward(record.withValue(new Decoded.Accepted<>(decoded, record.value())), validChild);
    }

    private void reject(final Record<byte[], byte[]> record, final RecordMetadata source, final Rejection rejection) {
        LOG.debug("Sending a record to the dead-letter topic: {}", rejection.reason());
        DeadLetters.describe(record.headers(), rejection, source);
        deadLetters.get(rejection.code()).record();
        context().forward(record.withValue(new Decoded.Rejected<>(record.value())), deadLetterChild);
    }

    private String typeName() {
        return serde.type().getSimpleName();
    }
}
