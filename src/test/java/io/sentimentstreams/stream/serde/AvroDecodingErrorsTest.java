package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.serde.AvroDecodingException.Reason;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroDecodingErrorsTest {

    private static final String TOPIC = "reviews";
    private static final StreamSerdes SERDES = StreamSerdes.create();

    private static byte[] validReview() {
        return SERDES.reviews().serializer().serialize(TOPIC, Records.fullReview());
    }

    private static AvroDecodingException decodeFailure(final byte[] bytes) {
        return assertThrows(AvroDecodingException.class,
                () -> SERDES.reviews().deserializer().deserialize(TOPIC, bytes));
    }

    private static void assertMessageContains(final String expected, final Exception e) {
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void shouldRejectRandomBytesAsNotSingleObjectEncoded() {
        final byte[] bytes = Records.modelBytes(64, 42);
        final AvroDecodingException e = decodeFailure(bytes);
        assertEquals(Reason.NOT_SINGLE_OBJECT_ENCODED, e.reason());
        assertMessageContains("is not Avro single-object encoded: expected a 10-byte header starting c3 01, got 64 bytes"
                + " starting " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, 2), e);
    }

    @Test
    void shouldRejectBytesShorterThanTheHeaderAsNotSingleObjectEncoded() {
        final AvroDecodingException e = decodeFailure(new byte[] {(byte) 0xC3, 0x01, 0x00});
        assertEquals(Reason.NOT_SINGLE_OBJECT_ENCODED, e.reason());
        assertMessageContains("got 3 bytes starting c3 01", e);
    }

    @Test
    void shouldRejectAnUnknownFingerprint() {
        final byte[] bytes = validReview();
        bytes[2] ^= (byte) 0xFF;
        final AvroDecodingException e = decodeFailure(bytes);
        assertEquals(Reason.UNKNOWN_FINGERPRINT, e.reason());
        assertMessageContains("was written with an unknown schema: fingerprint "
                + HexFormat.of().formatHex(bytes, 2, 10), e);
    }

    @Test
    void shouldRejectATruncatedBody() {
        final byte[] bytes = validReview();
        final AvroDecodingException e = decodeFailure(Arrays.copyOf(bytes, bytes.length - 5));
        assertEquals(Reason.TRUNCATED, e.reason());
        assertMessageContains("is truncated: its " + (bytes.length - 5) + " bytes end before the ReviewEvent", e);
    }

    @Test
    void shouldRejectAHeaderWithoutBodyAsTruncated() {
        final AvroDecodingException e = decodeFailure(Arrays.copyOf(validReview(), 10));
        assertEquals(Reason.TRUNCATED, e.reason());
    }

    @Test
    void shouldRejectBytesAfterTheRecord() {
        final byte[] bytes = validReview();
        final AvroDecodingException e = decodeFailure(Arrays.copyOf(bytes, bytes.length + 3));
        assertEquals(Reason.TRAILING_BYTES, e.reason());
        assertMessageContains("has 3 unexpected bytes after its ReviewEvent", e);
    }

    @Test
    void shouldRejectAMalformedBody() {
        final byte[] bytes = Arrays.copyOf(validReview(), 11);
        bytes[10] = 0x01; // zig-zag -1: a negative length for the id string
        final AvroDecodingException e = decodeFailure(bytes);
        assertEquals(Reason.MALFORMED_BODY, e.reason());
        assertMessageContains("has a malformed ReviewEvent body", e);
    }

    @Test
    void shouldRejectARecordOfAnotherType() {
        final byte[] labeled = SERDES.labeled().serializer().serialize("labeled-reviews", Records.fullLabeled());
        final AvroDecodingException e = decodeFailure(labeled);
        assertEquals(Reason.INCOMPATIBLE_SCHEMA, e.reason());
        assertMessageContains("was written as io.sentimentstreams.avro.LabeledReview", e);
    }

    @Test
    void shouldNameTheTopicInTheMessage() {
        final AvroDecodingException e = decodeFailure(new byte[] {1, 2, 3});
        assertTrue(e.getMessage().startsWith("Record on topic 'reviews' "), e.getMessage());
    }

    @Test
    void shouldReadValidBytesAfterRejectingInvalidOnes() {
        decodeFailure(Arrays.copyOf(validReview(), 12));
        assertEquals(Records.fullReview(), SERDES.reviews().deserializer().deserialize(TOPIC, validReview()));
    }

    @Test
    void shouldRefuseToEncodeARecordWithoutItsRequiredFields() {
        final ReviewEvent incomplete = new ReviewEvent();
        final SerializationException e = assertThrows(SerializationException.class,
                () -> SERDES.reviews().serializer().serialize(TOPIC, incomplete));
        assertMessageContains("Record on topic 'reviews': cannot encode a ReviewEvent", e);
    }
}
