package io.sentimentstreams.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static final StreamSerdes SERDES = StreamSerdes.create();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsumerRecord<String, byte[]> record(final byte[] value, final RecordHeaders headers) {
        return new ConsumerRecord<>("t", 1, 42, 0L, TimestampType.CREATE_TIME, 0, 0, "k", value, headers,
                Optional.empty());
    }

    @Test
    void shouldPrintAReviewEventWithItsTypeAndFields() throws Exception {
        final ReviewEvent event = ReviewEvent.newBuilder().setId("r:1").setText("good")
                .setEventTime(Instant.parse("2025-01-01T00:00:00Z")).setSource("r").build();
        final JsonNode line = JSON.readTree(new RecordJson(SERDES).line(
                record(SERDES.reviews().serializer().serialize("t", event), new RecordHeaders())));
        assertEquals("ReviewEvent", line.get("type").asText());
        assertEquals("r:1", line.at("/value/id").asText());
        assertEquals("2025-01-01T00:00:00Z", line.at("/value/eventTime").asText());
        assertEquals("r", line.at("/value/source").asText());
        assertEquals(42, line.get("offset").asLong());
    }

    @Test
    void shouldPrintUndecodableBytesAsBase64WithTheDeadLetterHeaders() throws Exception {
        final byte[] bytes = {1, 2, 3};
        final RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("dlq.reason", "not Avro".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("other", "x".getBytes(StandardCharsets.UTF_8)));
        final JsonNode line = JSON.readTree(new RecordJson(SERDES).line(record(bytes, headers)));
        assertEquals(RecordJson.UNDECODABLE, line.get("type").asText());
        assertEquals(Base64.getEncoder().encodeToString(bytes), line.get("valueBase64").asText());
        assertEquals("not Avro", line.at("/headers/dlq.reason").asText());
        assertEquals(1, line.get("headers").size());
        assertEquals("k", line.get("key").asText());
    }
}
