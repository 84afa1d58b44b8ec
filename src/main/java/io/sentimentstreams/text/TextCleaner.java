package io.sentimentstreams.text;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * First pass of the {@link Tokenizer}, before Unicode normalisation: maps control characters, strips
 * HTML tags and decodes character references, in one scan without backtracking.
 */
final class TextCleaner {

    /** A '&lt;' further than this from its '&gt;' does not start a tag. */
    private static final int MAX_TAG_LENGTH = 256;

    /** Longest tag name considered ("blockquote"). */
    private static final int MAX_TAG_NAME_LENGTH = 10;

    /** Longest reference body between '&amp;' and ';' ("#1114111"). */
    private static final int MAX_REFERENCE_LENGTH = 8;

    private static final int LARGEST_CODE_POINT = Character.MAX_CODE_POINT;

    /** Only these tags are removed, so that emotes such as "&lt;sigh&gt;" and "&lt;3" stay text. */
    private static final Set<String> HTML_TAGS = Set.of(
            "a", "abbr", "b", "big", "blockquote", "br", "center", "cite", "code", "del", "div", "em",
            "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre",
            "q", "s", "small", "span", "strike", "strong", "sub", "sup", "table", "td", "th", "tr", "tt",
            "u", "ul");

    private static final Map<String, String> NAMED_REFERENCES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("quot", "\""), Map.entry("lt", "<"), Map.entry("gt", ">"),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("hellip", "..."),
            Map.entry("ndash", "\u2013"), Map.entry("mdash", "\u2014"),
            Map.entry("lsquo", "'"), Map.entry("rsquo", "'"), Map.entry("ldquo", "\""), Map.entry("rdquo", "\""));

    /**
     * Replacements for U+0080..U+009F, read as Windows-1252 bytes; undefined bytes become a space.
     * Dashes stay en/em dashes so that they never join words the way a hyphen does.
     */
    private static final String[] WINDOWS_1252 = {
        "\u20ac", " ", "\u201a", "\u0192", "\u201e", "...", "\u2020", "\u2021",
        "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", " ", "\u017d", " ",
        " ", "'", "'", "\"", "\"", " ", "\u2013", "\u2014",
        "~", "\u2122", "\u0161", "\u203a", "\u0153", " ", "\u017e", "\u0178",
    };

    private TextCleaner() {
    }

    /** Returns {@code text} with control characters mapped, HTML tags replaced by spaces and references decoded. */
    static String clean(final String text) {
        final int n = text.length();
        StringBuilder out = null;
        int copied = 0; // text[copied, i) is still to be copied to out unchanged
        int i = 0;
        while (i < n) {
            final char c = text.charAt(i);
            if (!needsCleaning(c)) {
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(text, copied, i);
            i = cleanAt(text, i, out);
            copied = i;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    /** True for characters that may start a tag or reference or that {@link #append} changes. */
    private static boolean needsCleaning(final char c) {
        if (c < 0x7f) {
            return c < 0x20 || c == '<' || c == '&';
        }
        return c <= 0x9f || c == 0xa8 || c == 0xb4 || c == 0x200b || Character.getType(c) == Character.FORMAT;
    }

    /** Appends the cleaned form of what starts at {@code i} and returns the index after it. */
    private static int cleanAt(final String text, final int i, final StringBuilder out) {
        final char c = text.charAt(i);
        if (c == '<') {
            final int end = tagEnd(text, i);
            if (end > 0) {
                out.append(' ');
                return end;
            }
        } else if (c == '&') {
            final int end = decodeReference(text, i, out);
            if (end > 0) {
                return end;
            }
        }
        append(out, c);
        return i + 1;
    }

    /** Appends one character (or code point) after mapping controls, C1 characters and spacing accents. */
    private static void append(final StringBuilder out, final int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            out.append((char) cp);
        } else if (cp < 0x20 || cp == 0x7f || cp == 0x200b) {
            out.append(' ');
        } else if (cp <= 0x9f) {
            out.append(WINDOWS_1252[cp - 0x80]);
        } else if (cp == 0xb4) {
            out.append('\''); // acute accent used as an apostrophe; NFKC would make it a space and a combining mark
        } else if (cp == 0xa8) {
            out.append('"'); // diaeresis used as a quotation mark; same reason
        } else if (Character.getType(cp) != Character.FORMAT) { // soft hyphen, zero-width joiners, BOM: dropped
            out.appendCodePoint(cp);
        }
    }

    /** Returns the index just past the HTML tag starting at {@code lt}, or -1 if there is none. */
    private static int tagEnd(final String s, final int lt) {
        final int n = s.length();
        int i = lt + 1;
        if (i < n && s.charAt(i) == '/') {
            i++;
        }
        final int nameStart = i;
        while (i < n && i - nameStart < MAX_TAG_NAME_LENGTH && isAsciiLetterOrDigit(s.charAt(i))) {
            i++;
        }
        if (i == nameStart || i == n || !isAsciiLetter(s.charAt(nameStart))
                || !(s.charAt(i) == '>' || s.charAt(i) == '/' || Character.isWhitespace(s.charAt(i)))
                || !HTML_TAGS.contains(s.substring(nameStart, i).toLowerCase(Locale.ROOT))) {
            return -1;
        }
        final int limit = Math.min(n, lt + MAX_TAG_LENGTH);
        for (; i < limit; i++) {
            final char c = s.charAt(i);
            if (c == '>') {
                return i + 1;
            }
            if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Decodes the character reference starting at {@code amp} into {@code out} and returns the index
     * just past its ';', or returns -1 and appends nothing if there is no known reference.
     */
    private static int decodeReference(final String s, final int amp, final StringBuilder out) {
        final int limit = Math.min(s.length(), amp + MAX_REFERENCE_LENGTH + 2);
        int semicolon = -1;
        for (int j = amp + 1; j < limit; j++) {
            final char c = s.charAt(j);
            if (c == ';') {
                semicolon = j;
                break;
            }
            if (!isAsciiLetterOrDigit(c) && c != '#') {
                return -1;
            }
        }
        if (semicolon < amp + 2) {
            return -1;
        }
        if (s.charAt(amp + 1) == '#') {
            final int cp = parseNumericReference(s, amp + 2, semicolon);
            if (cp < 0) {
                return -1;
            }
            append(out, cp); // HTML reads &#128;..&#159; as Windows-1252, as append does
        } else {
            final String value = NAMED_REFERENCES.get(s.substring(amp + 1, semicolon));
            if (value == null) {
                return -1;
            }
            out.append(value);
        }
        return semicolon + 1;
    }

    /** Parses "123" or "x7b" in {@code s[from, to)}; returns -1 if malformed, zero, a surrogate or too large. */
    private static int parseNumericReference(final String s, final int from, final int to) {
        final boolean hex = from < to && (s.charAt(from) == 'x' || s.charAt(from) == 'X');
        final int radix = hex ? 16 : 10;
        final int digitsFrom = hex ? from + 1 : from;
        if (digitsFrom == to) {
            return -1;
        }
        long value = 0;
        for (int j = digitsFrom; j < to; j++) {
            final int digit = Character.digit(s.charAt(j), radix);
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
            if (value > LARGEST_CODE_POINT) {
                return -1;
            }
        }
        final int cp = (int) value;
        return cp == 0 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) ? -1 : cp;
    }

    private static boolean isAsciiLetter(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(final char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }
}
