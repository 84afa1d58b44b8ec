package io.sentimentstreams.stream.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.junit.jupiter.api.Test;

/** The rules of schemas/README.md, checked on every record of the current contract and of the history. */
class SchemaContractTest {

    private static final String NAMESPACE = "io.sentimentstreams.avro";

    /** Every record schema, nested ones included, named by where it was found. */
    private static Map<String, Schema> records() {
        final Map<String, Schema> records = new LinkedHashMap<>();
        WriterSchemas.current().forEach(root -> collect(root, "current " + root.getName(), records));
        final List<Schema> history = WriterSchemas.history();
        for (int i = 0; i < history.size(); i++) {
            collect(history.get(i), "history #" + i + " " + history.get(i).getName(), records);
        }
        return records;
    }

    private static void collect(final Schema schema, final String path, final Map<String, Schema> records) {
        switch (schema.getType()) {
            case RECORD -> {
                records.put(path, schema);
                for (final Field field : schema.getFields()) {
                    collect(field.schema(), path + "." + field.name(), records);
                }
            }
            case ARRAY -> collect(schema.getElementType(), path, records);
            case MAP -> collect(schema.getValueType(), path, records);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, path, records));
            default -> {
            }
        }
    }

    /** The fields that break a rule, named by where they were found. */
    private static List<String> fieldsWhere(final Predicate<Field> broken) {
        final List<String> fields = new ArrayList<>();
        records().forEach((path, record) -> record.getFields().stream()
                .filter(broken)
                .forEach(field -> fields.add(path + "." + field.name())));
        return fields;
    }

    private static boolean blank(final String doc) {
        return doc == null || doc.isBlank();
    }

    @Test
    void shouldPutEveryRecordInTheContractNamespace() {
        records().forEach((path, record) -> assertEquals(NAMESPACE, record.getNamespace(), path));
    }

    @Test
    void shouldDocumentEveryRecord() {
        records().forEach((path, record) -> assertTrue(!blank(record.getDoc()), path + " has no doc"));
    }

    @Test
    void shouldDocumentEveryField() {
        assertEquals(List.of(), fieldsWhere(field -> blank(field.doc())));
    }

    @Test
    void shouldMakeEveryOptionalFieldANullFirstUnionDefaultingToNull() {
        assertEquals(List.of(), fieldsWhere(field -> field.schema().isUnion()
                && !(field.schema().getTypes().get(0).getType() == Schema.Type.NULL
                     && field.hasDefaultValue() && field.defaultVal() == JsonProperties.NULL_VALUE)));
    }

    @Test
    void shouldDefaultEveryMapToEmpty() {
        assertEquals(List.of(), fieldsWhere(field -> field.schema().getType() == Schema.Type.MAP
                && !(field.hasDefaultValue() && Map.of().equals(field.defaultVal()))));
    }

    @Test
    void shouldStoreEveryTimeAsTimestampMillis() {
        assertEquals(List.of(), fieldsWhere(field -> field.name().endsWith("Time")
                && !LogicalTypes.timestampMillis().equals(field.schema().getLogicalType())));
    }
}
