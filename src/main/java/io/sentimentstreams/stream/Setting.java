package io.sentimentstreams.stream;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One documented configuration key of the streaming processor.
 *
 * @param key          the key as written in a properties file or an override ({@code scoring.batch.max.records})
 * @param defaultValue the value when no source sets it
 * @param unit         the unit of the value ({@code records}, {@code ms}, ...), or {@code ""} when it has none
 * @param doc          what the key decides, in a sentence
 * @param allowed      what values are allowed, in words ({@code "an integer from 1 to 100000"})
 * @param parser       turns a text value into its typed value; throws {@link IllegalArgumentException} if not allowed
 */
public record Setting(String key, String defaultValue, String unit, String doc, String allowed,
                      Function<String, Object> parser) {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(parser, "parser");
    }

    /** The environment variable that sets this key: {@code SENTIMENT_} and the key in upper case, dots as {@code _}. */
    public String environmentVariable() {
        return StreamsSettings.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Parses {@code value}, or throws a one-line message naming the key, the value and what is allowed. */
    Object parse(final String value, final String origin) {
        try {
            return parser.apply(value.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value '" + value + "' for " + key + origin
                    + ": expected " + allowed + ".", e);
        }
    }

    static Setting integer(final String key, final int defaultValue, final int min, final int max,
                           final String unit, final String doc) {
        return new Setting(key, Integer.toString(defaultValue), unit, doc,
                "an integer from " + min + " to " + max, text -> {
                    final int value = Integer.parseInt(text);
                    check(value >= min && value <= max);
                    return value;
                });
    }

    static Setting longInteger(final String key, final long defaultValue, final long min, final long max,
                               final String unit, final String doc) {
        return new Setting(key, Long.toString(defaultValue), unit, doc,
                "an integer from " + min + " to " + max, text -> {
                    final long value = Long.parseLong(text);
                    check(value >= min && value <= max);
                    return value;
                });
    }

    static Setting positiveDecimal(final String key, final double defaultValue, final String unit,
                                   final String doc) {
        return new Setting(key, Double.toString(defaultValue), unit, doc, "a finite number above 0", text -> {
            final double value = Double.parseDouble(text);
            check(value > 0 && Double.isFinite(value));
            return value;
        });
    }

    static Setting nonNegativeDecimal(final String key, final double defaultValue, final String unit,
                                      final String doc) {
        return new Setting(key, Double.toString(defaultValue), unit, doc, "a finite number of 0 or more", text -> {
            final double value = Double.parseDouble(text);
            check(value >= 0 && Double.isFinite(value));
            return value;
        });
    }

    static Setting text(final String key, final String defaultValue, final String doc) {
        return new Setting(key, defaultValue, "", doc, "a non-empty text", text -> {
            check(!text.isEmpty());
            return text;
        });
    }

    static Setting optionalText(final String key, final String doc) {
        return new Setting(key, "", "", doc, "any text (empty for none)", text -> text);
    }

    static Setting topic(final String key, final String defaultValue, final String doc) {
        return new Setting(key, defaultValue, "", doc,
                "a Kafka topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'", text -> {
                    check(TOPIC.matcher(text).matches() && !text.equals(".") && !text.equals(".."));
                    return text;
                });
    }

    static <E extends Enum<E>> Setting choice(final String key, final E defaultValue, final Class<E> type,
                                              final String doc) {
        final List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return new Setting(key, defaultValue.name().toLowerCase(Locale.ROOT), "", doc,
                "one of " + String.join(", ", names),
                text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    static Setting oneOf(final String key, final String defaultValue, final List<String> values, final String doc) {
        return new Setting(key, defaultValue, "", doc, "one of " + String.join(", ", values), text -> {
            check(values.contains(text));
            return text;
        });
    }

    private static void check(final boolean allowed) {
        if (!allowed) {
            throw new IllegalArgumentException("not allowed");
        }
    }
}
