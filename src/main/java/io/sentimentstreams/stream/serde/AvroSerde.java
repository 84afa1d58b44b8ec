package io.sentimentstreams.stream.serde;

import io.sentimentstreams.stream.serde.AvroDecodingException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for one generated Avro record type in Avro's single-object encoding:
 * <pre>
 *   C3 01          marker
 *   fingerprint    8 bytes, little-endian CRC-64-AVRO of the writer schema's parsing canonical form
 *   body           the record in Avro binary encoding, written with that schema
 * </pre>
 * Writes with the current schema of {@code T}. Reads anything written with the current schema or with a writer
 * schema found in the given store, resolved into the current schema (fields added since are set to their
 * defaults). Bytes it cannot read raise an {@link AvroDecodingException} that names the reason. {@code null}
 * stays {@code null} both ways, so tombstones pass through. Instances are thread-safe; their only state is
 * Avro's cache of readers per writer schema.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 2 + Long.BYTES;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final Class<T> type;
    private final Schema schema;
    private final long currentFingerprint;
    private final SchemaStore writerSchemas;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(final Class<T> type, final SchemaStore writerSchemas) {
        final SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = model.getSchema(type);
        this.currentFingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.writerSchemas = writerSchemas;
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, writerSchemas);
    }

    /**
     * A serde for {@code type}, reading older versions through {@code writerSchemas}
     * (usually {@link WriterSchemas#store()}, shared by every serde of an application).
     */
    public static <T extends SpecificRecord> AvroSerde<T> of(final Class<T> type, final SchemaStore writerSchemas) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(writerSchemas, "writerSchemas");
        return new AvroSerde<>(type, writerSchemas);
    }

    public Class<T> type() {
        return type;
    }

    /** The schema this serde writes with and reads into. */
    public Schema schema() {
        return schema;
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    @Override
    public String toString() {
        return "AvroSerde[" + type.getSimpleName() + "]";
    }

    private byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encoder.encode(record, out);
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException(where(topic) + ": cannot encode a " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private T deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        final Schema writer = writerSchema(topic, bytes);
        checkBody(topic, bytes, writer);
        try {
            return decoder.decode(new ByteArrayInputStream(bytes), null);
        } catch (final IOException | RuntimeException e) {
            throw bodyFailure(topic, bytes, writer, e);
        }
    }

    /** The schema the header names, or why there is none. */
    private Schema writerSchema(final String topic, final byte[] bytes) {
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            final String got = bytes.length == 0 ? "got 0 bytes" : "got " + bytes.length + " bytes starting "
                    + HEX.formatHex(bytes, 0, Math.min(2, bytes.length));
            throw failure(Reason.NOT_SINGLE_OBJECT_ENCODED, topic, "is not Avro single-object encoded: expected a "
                    + HEADER_LENGTH + "-byte header starting c3 01, " + got, null);
        }
        final long written = fingerprintValue(bytes);
        final Schema writer = written == currentFingerprint ? schema : writerSchemas.findByFingerprint(written);
        if (writer == null) {
            throw failure(Reason.UNKNOWN_FINGERPRINT, topic, "was written with an unknown schema: fingerprint "
                    + fingerprint(bytes) + " is neither the current " + type.getSimpleName()
                    + " schema nor one kept in " + WriterSchemas.HISTORY, null);
        }
        return writer;
    }

    /**
     * Walks the body with the writer schema without building anything, so that a corrupt length or count is
     * checked against the bytes actually there instead of being allocated by the decoder, which trusts it up to
     * 2 GB. The walk ends within the message because every string, bytes, array item and map entry of the
     * contract takes at least one byte.
     */
    private void checkBody(final String topic, final byte[] bytes, final Schema writer) {
        final ByteArrayInputStream body = new ByteArrayInputStream(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH);
        try {
            GenericDatumReader.skip(writer, DecoderFactory.get().directBinaryDecoder(body, null));
        } catch (final IOException | RuntimeException e) {
            throw bodyFailure(topic, bytes, writer, e);
        }
        if (body.available() > 0) {
            throw failure(Reason.TRAILING_BYTES, topic, "has " + body.available() + " unexpected bytes after its "
                    + type.getSimpleName() + " (" + bytes.length + " bytes in all)", null);
        }
    }

    private AvroDecodingException bodyFailure(final String topic, final byte[] bytes, final Schema writer,
                                              final Exception e) {
        if (!canRead(writer)) {
            return failure(Reason.INCOMPATIBLE_SCHEMA, topic, "was written as " + writer.getFullName()
                    + " (fingerprint " + fingerprint(bytes) + "), which cannot be read as " + schema.getFullName(), e);
        }
        if (causedBy(e, EOFException.class)) {
            return failure(Reason.TRUNCATED, topic, "is truncated: its " + bytes.length + " bytes end before the "
                    + type.getSimpleName() + " written with fingerprint " + fingerprint(bytes) + " is complete", e);
        }
        return failure(Reason.MALFORMED_BODY, topic, "has a malformed " + type.getSimpleName() + " body (fingerprint "
                + fingerprint(bytes) + "): " + e.getMessage(), e);
    }

    private boolean canRead(final Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(schema, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static AvroDecodingException failure(final Reason reason, final String topic, final String what,
                                                 final Throwable cause) {
        return new AvroDecodingException(reason, where(topic) + " " + what, cause);
    }

    private static String where(final String topic) {
        return topic == null ? "Record" : "Record on topic '" + topic + "'";
    }

    /** The fingerprint as it appears on the wire (little-endian), for messages. */
    private static String fingerprint(final byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 2, HEADER_LENGTH);
    }

    private static long fingerprintValue(final byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, HEADER_LENGTH - 2).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static boolean causedBy(final Throwable e, final Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
