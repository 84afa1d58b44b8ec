package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sentimentstreams.avro.ReviewEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.RawMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SingleObjectEncodingTest {

    private static final String TOPIC = "reviews";
    private static final AvroSerde<ReviewEvent> SERDE = StreamSerdes.create().reviews();

    private static byte[] encoded() {
        return SERDE.serializer().serialize(TOPIC, Records.fullReview());
    }

    @Test
    void shouldStartWithMarkerAndFingerprintOfTheCurrentSchema() throws Exception {
        final byte[] expected = new byte[10];
        expected[0] = (byte) 0xC3;
        expected[1] = (byte) 0x01;
        final byte[] fingerprint = SchemaNormalization.parsingFingerprint("CRC-64-AVRO", ReviewEvent.getClassSchema());
        System.arraycopy(fingerprint, 0, expected, 2, 8);
        assertArrayEquals(expected, Arrays.copyOf(encoded(), 10));
    }

    @Test
    void shouldFollowTheHeaderWithThePlainBinaryBody() throws Exception {
        final byte[] bytes = encoded();
        final RawMessageDecoder<ReviewEvent> raw =
                new RawMessageDecoder<>(SpecificData.getForClass(ReviewEvent.class), ReviewEvent.getClassSchema());
        assertEquals(Records.fullReview(), raw.decode(Arrays.copyOfRange(bytes, 10, bytes.length)));
    }

    @Test
    void shouldEncodeExactlyAsTheGeneratedClassDoes() throws Exception {
        final ByteBuffer generated = Records.fullReview().toByteBuffer();
        final byte[] expected = new byte[generated.remaining()];
        generated.get(expected);
        assertArrayEquals(expected, encoded());
    }
}
