package io.sentimentstreams.text.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;
import java.util.Set;

/**
 * Parses JSON Lines: one object per line with a string {@code "text"} and an optional {@code "label"}.
 * Accepted labels: {@code 1}, {@code true}, {@code "1"}, {@code "pos"}, {@code "positive"} for positive;
 * {@code 0}, {@code false}, {@code "0"}, {@code "neg"}, {@code "negative"} for negative (strings in any case);
 * a missing or {@code null} label means unlabeled, so one file may mix labeled and unlabeled reviews.
 * Other fields are ignored. Duplicate keys and anything after the object are malformed.
 */
final class JsonLineParser implements LineParser {

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .reader();
    private static final Set<String> POSITIVE_NAMES = Set.of("1", "pos", "positive");
    private static final Set<String> NEGATIVE_NAMES = Set.of("0", "neg", "negative");

    @Override
    public Review parse(final String line, final long lineNumber) throws MalformedLineException {
        final JsonNode node = readObject(line);
        return new Review(text(node.get("text")), label(node.get("label")));
    }

    private static JsonNode readObject(final String line) throws MalformedLineException {
        final JsonNode node;
        try {
            node = READER.readTree(line);
        } catch (final JsonProcessingException e) {
            final String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new MalformedLineException("invalid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (!node.isObject()) {
            throw new MalformedLineException("expected a JSON object, found " + kind(node));
        }
        return node;
    }

    private static String text(final JsonNode node) throws MalformedLineException {
        if (node == null) {
            throw new MalformedLineException("missing \"text\" field");
        }
        if (!node.isTextual()) {
            throw new MalformedLineException("\"text\" must be a string, found " + kind(node));
        }
        if (node.textValue().isBlank()) {
            throw new MalformedLineException("empty text");
        }
        return node.textValue();
    }

    private static int label(final JsonNode node) throws MalformedLineException {
        if (node == null || node.isNull()) {
            return Review.UNLABELED;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? Review.POSITIVE : Review.NEGATIVE;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()
                && (node.intValue() == Review.POSITIVE || node.intValue() == Review.NEGATIVE)) {
            return node.intValue();
        }
        if (node.isTextual()) {
            final String name = node.textValue().trim().toLowerCase(Locale.ROOT);
            if (POSITIVE_NAMES.contains(name)) {
                return Review.POSITIVE;
            }
            if (NEGATIVE_NAMES.contains(name)) {
                return Review.NEGATIVE;
            }
        }
        throw new MalformedLineException("label must be 0, 1, true, false, \"pos\", \"neg\", \"positive\" or"
                + " \"negative\", got " + MalformedLineException.abbreviate(node.toString()));
    }

    private static String kind(final JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(final String message) {
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
