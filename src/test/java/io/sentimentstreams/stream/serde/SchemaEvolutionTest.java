package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.serde.AvroDecodingException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    private static final String TOPIC = "reviews";

    private static Schema historySchema(final String file) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/schemas/history/" + file)) {
            assertNotNull(in, file + " is not on the class path");
            return new Schema.Parser().parse(in);
        }
    }

    /** A review as a version-1 producer writes it; timestamps are plain longs without the logical-type conversion. */
    private static GenericRecord version1Review(final Schema reviewV1) {
        return new GenericRecordBuilder(reviewV1)
                .set("id", "r-1")
                .set("text", "Loved every minute.")
                .set("eventTime", Records.WRITTEN.toEpochMilli())
                .set("source", "imdb")
                .set("metadata", Map.of("stars", "10"))
                .build();
    }

    private static byte[] encode(final Schema writer, final GenericRecord record) throws IOException {
        final ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static ReviewEvent expectedReview() {
        return ReviewEvent.newBuilder()
                .setId("r-1")
                .setText("Loved every minute.")
                .setEventTime(Records.WRITTEN)
                .setSource("imdb")
                .setMetadata(Map.of("stars", "10"))
                .setLanguage(null)
                .setGroupKey(null)
                .build();
    }

    @Test
    void shouldReadVersion1ReviewEventWithTheFieldsAddedInVersion2Null() throws IOException {
        final Schema v1 = historySchema("ReviewEvent-v1.avsc");
        final byte[] bytes = encode(v1, version1Review(v1));
        assertEquals(expectedReview(), StreamSerdes.create().reviews().deserializer().deserialize(TOPIC, bytes));
    }

    @Test
    void shouldReadVersion1LabeledReviewWithTheFieldsAddedInVersion2Null() throws IOException {
        final Schema v1 = historySchema("LabeledReview-v1.avsc");
        final GenericRecord labeled = new GenericRecordBuilder(v1)
                .set("review", version1Review(v1.getField("review").schema()))
                .set("label", 1)
                .build();
        final LabeledReview read = StreamSerdes.create().labeled().deserializer()
                .deserialize("labeled-reviews", encode(v1, labeled));
        assertEquals(new LabeledReview(expectedReview(), 1), read);
    }

    @Test
    void shouldNotReadVersion1ReviewEventWithoutTheHistory() throws IOException {
        final Schema v1 = historySchema("ReviewEvent-v1.avsc");
        final byte[] bytes = encode(v1, version1Review(v1));
        final AvroSerde<ReviewEvent> serde = AvroSerde.of(ReviewEvent.class, new SchemaStore.Cache());
        final AvroDecodingException e =
                assertThrows(AvroDecodingException.class, () -> serde.deserializer().deserialize(TOPIC, bytes));
        assertEquals(Reason.UNKNOWN_FINGERPRINT, e.reason());
    }

    @Test
    void shouldPutEveryHistoryFileOnTheClassPath() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("schemas", "history"))) {
            final long onDisk = files.filter(f -> f.toString().endsWith(".avsc")).count();
            assertEquals(onDisk, WriterSchemas.history().size());
        }
    }

    @Test
    void shouldReadEveryHistorySchemaWithTheCurrentSchemaOfTheSameName() {
        final List<Schema> current = WriterSchemas.current();
        for (final Schema old : WriterSchemas.history()) {
            final Schema reader = current.stream()
                    .filter(s -> s.getFullName().equals(old.getFullName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("history has " + old.getFullName() + ", which is not current"));
            final SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, old);
            assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                    () -> old.getFullName() + " from history: " + result.getDescription());
        }
    }
}
