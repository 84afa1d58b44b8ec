package io.sentimentstreams.app.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstreams.stream.serde.AvroSerde;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record as one line of JSON: its position, key and value. The value is decoded with the first serde of the
 * four record types that reads it ({@code type} names which); Avro strings, numbers, records, maps and arrays map
 * to their JSON kin, timestamps to ISO-8601 text and bytes to base64. A value no serde reads is {@code "type":
 * "undecodable"} with the bytes in {@code valueBase64}. Any {@code dlq.*} headers are kept under {@code headers}.
 */
public final class RecordJson {

    /** {@code type} of a value that none of the serdes can read. */
    static final String UNDECODABLE = "undecodable";

    private static final String DEAD_LETTER_HEADER_PREFIX = "dlq.";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<AvroSerde<?>> serdes;

    RecordJson(final StreamSerdes serdes) {
        this.serdes = List.of(serdes.reviews(), serdes.labeled(), serdes.scores(), serdes.snapshots());
    }

    /** The record as one line of JSON, without a line break. */
    String line(final ConsumerRecord<String, byte[]> record) {
        final ObjectNode json = NODES.objectNode();
        json.put("topic", record.topic());
        json.put("partition", record.partition());
        json.put("offset", record.offset());
        json.put("key", record.key());
        putValue(json, record.topic(), record.value());
        final ObjectNode headers = deadLetterHeaders(record);
        if (!headers.isEmpty()) {
            json.set("headers", headers);
        }
        try {
            return mapper.writeValueAsString(json);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a record as JSON: " + e.getMessage(), e);
        }
    }

    private void putValue(final ObjectNode json, final String topic, final byte[] value) {
        if (value == null) {
            json.putNull("type");
            json.putNull("value");
            return;
        }
        for (final AvroSerde<?> serde : serdes) {
            final Object decoded;
            try {
                decoded = serde.deserializer().deserialize(topic, value);
            } catch (final RuntimeException notThisType) {
                continue;
            }
            json.put("type", serde.type().getSimpleName());
            json.set("value", toJson(decoded));
            return;
        }
        json.put("type", UNDECODABLE);
        json.put("valueBase64", Base64.getEncoder().encodeToString(value));
    }

    private static ObjectNode deadLetterHeaders(final ConsumerRecord<String, byte[]> record) {
        final ObjectNode headers = NODES.objectNode();
        for (final Header header : record.headers()) {
            if (header.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                headers.put(header.key(), header.value() == null ? null
                        : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    /** An Avro value (as the generated classes hold it) as JSON. */
    static JsonNode toJson(final Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof IndexedRecord record) {
            final ObjectNode object = NODES.objectNode();
            for (final Schema.Field field : record.getSchema().getFields()) {
                object.set(field.name(), toJson(record.get(field.pos())));
            }
            return object;
        } else if (value instanceof Map<?, ?> map) {
            final ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        } else if (value instanceof Collection<?> items) {
            final ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(toJson(item)));
            return array;
        }
        return scalar(value);
    }

    private static JsonNode scalar(final Object value) {
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Float f) {
            return NODES.numberNode(f);
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        } else if (value instanceof ByteBuffer buffer) {
            final ByteBuffer copy = buffer.duplicate();
            final byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        return NODES.textNode(value.toString());
    }
}
