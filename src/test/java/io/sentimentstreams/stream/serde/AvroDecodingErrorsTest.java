package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.serde.AvroDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
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
        final byte[] header = Arrays.copyOf(validReview(), 10);
        final byte[] body = {
            0x02, 'a',  // id "a"
            0x02, 'b',  // text "b"
            0x00,       // eventTime 0
            0x06        // source: union branch 3 of a two-branch union
        };
        final AvroDecodingException e = decodeFailure(concat(header, body));
        assertEquals(Reason.MALFORMED_BODY, e.reason());
        assertMessageContains("has a malformed ReviewEvent body", e);
    }

    @Test
    void shouldRejectALengthBeyondTheEndOfTheMessageAsTruncated() {
        final AvroDecodingException e = decodeFailure(idClaimingOneGigabyte());
        assertEquals(Reason.TRUNCATED, e.reason());
    }

    @Test
    void shouldNotAllocateWhatACorruptLengthClaims() {
        final byte[] bytes = idClaimingOneGigabyte();
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        decodeFailure(bytes);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 64L << 20, () -> allocated + " bytes allocated");
    }

    /** A valid header and an id string whose length prefix claims 10^9 bytes. */
    private static byte[] idClaimingOneGigabyte() {
        final byte[] header = Arrays.copyOf(validReview(), 10);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        long zigZag = 1_000_000_000L << 1;
        while ((zigZag & ~0x7FL) != 0) {
            body.write((int) (zigZag & 0x7F | 0x80));
            zigZag >>>= 7;
        }
        body.write((int) zigZag);
        return concat(header, body.toByteArray());
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
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
