package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sentimentstreams.avro.ModelSnapshot;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroSerdeRoundTripTest {

    private static final String TOPIC = "topic";
    private static final StreamSerdes SERDES = StreamSerdes.create();

    private static <T extends SpecificRecord> T roundTrip(final AvroSerde<T> serde, final T record) {
        final byte[] bytes = serde.serializer().serialize(TOPIC, record);
        return serde.deserializer().deserialize(TOPIC, bytes);
    }

    private static byte[] array(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void shouldRoundTripReviewEventWithEveryField() {
        assertEquals(Records.fullReview(), roundTrip(SERDES.reviews(), Records.fullReview()));
    }

    @Test
    void shouldRoundTripReviewEventWithOptionalFieldsNull() {
        assertEquals(Records.minimalReview(), roundTrip(SERDES.reviews(), Records.minimalReview()));
    }

    @Test
    void shouldRoundTripLabeledReviewWithEveryField() {
        assertEquals(Records.fullLabeled(), roundTrip(SERDES.labeled(), Records.fullLabeled()));
    }

    @Test
    void shouldRoundTripLabeledReviewWithOptionalFieldsNull() {
        assertEquals(Records.minimalLabeled(), roundTrip(SERDES.labeled(), Records.minimalLabeled()));
    }

    @Test
    void shouldRoundTripSentimentScoreWithEveryField() {
        assertEquals(Records.fullScore(), roundTrip(SERDES.scores(), Records.fullScore()));
    }

    @Test
    void shouldRoundTripSentimentScoreWithOptionalFieldsNull() {
        assertEquals(Records.minimalScore(), roundTrip(SERDES.scores(), Records.minimalScore()));
    }

    @Test
    void shouldRoundTripModelSnapshotWithEveryField() {
        assertEquals(Records.fullSnapshot(), roundTrip(SERDES.snapshots(), Records.fullSnapshot()));
    }

    @Test
    void shouldRoundTripModelSnapshotWithOptionalFieldsNull() {
        assertEquals(Records.minimalSnapshot(), roundTrip(SERDES.snapshots(), Records.minimalSnapshot()));
    }

    @Test
    void shouldRoundTripModelSnapshotWithFiveMegabyteModel() {
        final byte[] model = Records.modelBytes(5 * 1024 * 1024, 5);
        final ModelSnapshot read = roundTrip(SERDES.snapshots(), Records.snapshotWithModel(model));
        assertArrayEquals(model, array(read.getModel()));
    }

    @Test
    void shouldLeaveTheModelBufferUnreadWhenSerializing() {
        final ModelSnapshot snapshot = Records.fullSnapshot();
        final int before = snapshot.getModel().remaining();
        SERDES.snapshots().serializer().serialize(TOPIC, snapshot);
        assertEquals(before, snapshot.getModel().remaining());
    }

    @Test
    void shouldKeepTimestampsToTheMillisecond() {
        assertEquals(Records.WRITTEN, roundTrip(SERDES.reviews(), Records.minimalReview()).getEventTime());
    }

    @Test
    void shouldSerializeNullAsNull() {
        assertNull(SERDES.reviews().serializer().serialize(TOPIC, null));
    }

    @Test
    void shouldDeserializeNullAsNull() {
        assertNull(SERDES.snapshots().deserializer().deserialize(TOPIC, null));
    }
}
