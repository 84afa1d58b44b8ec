package io.sentimentstreams.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Splits review text into lower-case word and punctuation tokens. Stateless and thread-safe.
 *
 * <p>Rules, applied in this order:
 * <ol>
 *   <li>Null or blank text gives an empty list.</li>
 *   <li>Control characters: U+0080..U+009F are read as the Windows-1252 bytes they were meant to be
 *       (U+0085 becomes "...", U+0091/U+0092 ', U+0093/U+0094 ", U+0096/U+0097 a dash, U+0095, the
 *       bullet, a space; the five undefined ones a space); C0 controls and DEL become spaces. The
 *       spacing accents U+00B4 (´) and U+00A8 (¨), used in reviews as ' and ", are mapped to those.
 *       Format characters (soft hyphen, zero-width joiners, BOM) are dropped; U+200B is a space.</li>
 *   <li>HTML: tags of common HTML elements ({@code <br />}, {@code <br/>}, {@code <i>}, {@code </i>},
 *       {@code <p>}, ...; any case, at most 256 characters) become a space; other text in angle
 *       brackets ({@code <sigh>}, {@code <3}) stays. The references {@code &amp; &quot; &lt; &gt;
 *       &apos; &nbsp; &hellip; &ndash; &mdash; &lsquo; &rsquo; &ldquo; &rdquo;} and numeric ones
 *       ({@code &#39; &#x27;}; 128..159 as Windows-1252) are decoded; unknown ones stay as text.
 *       This runs before normalisation so that decoded characters are normalised too.</li>
 *   <li>Unicode NFKC (full-width letters, ligatures such as "ﬁ", "…" → "..."), then lower case in
 *       {@link Locale#ROOT}.</li>
 *   <li>Words are runs of letters, digits and combining marks. Inside a word a single hyphen
 *       ({@code -}, U+2010, U+2011) between word characters keeps the word whole ("well-made"), as
 *       does '.' or ',' between digits ("3.5", "1,000"), and an apostrophe between word characters.
 *       En and em dashes never join words.</li>
 *   <li>Contractions and possessives are split off, as in the Penn Treebank: "n't", "'s", "'m",
 *       "'d", "'re", "'ve", "'ll" ("don't" → do n't, "can't" → ca n't, "won't" → wo n't,
 *       "movie's" → movie 's); other inner apostrophes stay ("o'clock", "rock'n'roll").
 *       Apostrophe variants (U+2018, U+2019, U+201A, U+201B, U+02BC, `) count as '.</li>
 *   <li>Every other character is punctuation: one token per run of the same character ("!", "!!!",
 *       "...", "--"), so "(really)" → ( really ). Quotes not inside a word are punctuation ('hello' →
 *       ' hello '). Double-quote variants (U+201C..U+201F) become ", en and em dashes and U+2015
 *       become -, and apostrophe variants become '.</li>
 *   <li>Whitespace separates tokens and is dropped, as are combining marks not attached to a word.</li>
 * </ol>
 * Numbers are kept ("7/10" → 7 / 10). Any change to the output must bump {@link #VERSION}.
 */
public final class Tokenizer {

    /** Version of the tokenization rules, saved with models. */
    public static final int VERSION = 1;

    /** Clitics split off the end of a word, Penn Treebank style. */
    private static final List<String> CLITICS = List.of("n't", "'s", "'m", "'d", "'re", "'ve", "'ll");

    /** One-character strings for ASCII, so that single punctuation tokens are not allocated each time. */
    private static final List<String> ASCII_STRINGS =
            IntStream.range(0, 0x80).mapToObj(Character::toString).toList();

    /** Returns the tokens of {@code text}; an unmodifiable list, empty for null or blank text. */
    public List<String> tokenize(final String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        final String cleaned = TextCleaner.clean(text);
        final String normalized = isAscii(cleaned) ? cleaned : Normalizer.normalize(cleaned, Normalizer.Form.NFKC);
        final String lower = normalized.toLowerCase(Locale.ROOT);
        final List<String> tokens = new ArrayList<>(lower.length() / 4 + 1);
        int i = 0;
        while (i < lower.length()) {
            final int cp = lower.codePointAt(i);
            if (cp == ' ') {
                i++;
            } else if (isWordStart(cp)) {
                i = scanWord(lower, i, tokens);
            } else if (isSeparator(cp) || isMark(cp)) {
                i += Character.charCount(cp);
            } else {
                i = scanPunctuation(lower, i, tokens);
            }
        }
        return Collections.unmodifiableList(tokens);
    }

    /** Scans the word starting at {@code start}, adds it (split into clitics) and returns its end. */
    private static int scanWord(final String s, final int start, final List<String> tokens) {
        boolean hasApostrophe = false;
        boolean verbatim = true;
        int previous = -1;
        int i = start;
        while (i < s.length()) {
            final int cp = s.codePointAt(i);
            final int next = i + Character.charCount(cp);
            if (isWordChar(cp)) {
                previous = cp;
                i = next;
            } else if (isApostrophe(cp) && isWordCharAt(s, next)) {
                hasApostrophe = true;
                verbatim &= cp == '\'';
                previous = cp;
                i = next;
            } else if (isHyphen(cp) && isWordCharAt(s, next)) {
                verbatim &= cp == '-';
                previous = cp;
                i = next;
            } else if ((cp == '.' || cp == ',') && Character.isDigit(previous) && isDigitAt(s, next)) {
                previous = cp;
                i = next;
            } else {
                break;
            }
        }
        final String word = s.substring(start, i);
        addWord(verbatim ? word : canonicalJoiners(word), hasApostrophe, tokens);
        return i;
    }

    /** Replaces apostrophe and hyphen variants inside a word by ' and -. */
    private static String canonicalJoiners(final String word) {
        final StringBuilder canonical = new StringBuilder(word.length());
        word.codePoints().forEach(cp -> {
            if (isApostrophe(cp)) {
                canonical.append('\'');
            } else if (isHyphen(cp)) {
                canonical.append('-');
            } else {
                canonical.appendCodePoint(cp);
            }
        });
        return canonical.toString();
    }

    /** Adds {@code word}, with up to two clitics split off its end ("would" "n't" "'ve"). */
    private static void addWord(final String word, final boolean hasApostrophe, final List<String> tokens) {
        final String outer = hasApostrophe ? cliticAtEnd(word) : null;
        if (outer == null) {
            tokens.add(word);
            return;
        }
        final String rest = word.substring(0, word.length() - outer.length());
        final String inner = cliticAtEnd(rest);
        if (inner == null) {
            tokens.add(rest);
        } else {
            tokens.add(rest.substring(0, rest.length() - inner.length()));
            tokens.add(inner);
        }
        tokens.add(outer);
    }

    private static String cliticAtEnd(final String word) {
        for (final String clitic : CLITICS) {
            if (word.length() > clitic.length() && word.endsWith(clitic)) {
                return clitic;
            }
        }
        return null;
    }

    /** Adds the run of identical punctuation starting at {@code start} as one token and returns its end. */
    private static int scanPunctuation(final String s, final int start, final List<String> tokens) {
        final int symbol = canonicalPunctuation(s.codePointAt(start));
        int count = 0;
        int i = start;
        while (i < s.length()) {
            final int cp = s.codePointAt(i);
            if (canonicalPunctuation(cp) != symbol) {
                break;
            }
            count++;
            i += Character.charCount(cp);
        }
        tokens.add(count == 1 && symbol < 0x80 ? ASCII_STRINGS.get(symbol) : Character.toString(symbol).repeat(count));
        return i;
    }

    private static int canonicalPunctuation(final int cp) {
        if (isApostrophe(cp)) {
            return '\'';
        }
        return switch (cp) {
            case 0x201c, 0x201d, 0x201e, 0x201f -> '"';
            case 0x2013, 0x2014, 0x2015 -> '-';
            default -> cp;
        };
    }

    private static boolean isApostrophe(final int cp) {
        return cp == '\'' || cp == '`' || cp == 0x2018 || cp == 0x2019 || cp == 0x201a || cp == 0x201b
                || cp == 0x02bc;
    }

    private static boolean isHyphen(final int cp) {
        return cp == '-' || cp == 0x2010 || cp == 0x2011;
    }

    /** A letter or digit; apostrophe-like letters such as U+02BC excluded. */
    private static boolean isWordStart(final int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
        }
        return !isApostrophe(cp) && Character.isLetterOrDigit(cp);
    }

    /** A letter, digit or combining mark. */
    private static boolean isWordChar(final int cp) {
        return isWordStart(cp) || (cp >= 0x80 && isMark(cp));
    }

    private static boolean isWordCharAt(final String s, final int i) {
        if (i >= s.length()) {
            return false;
        }
        return isWordChar(s.codePointAt(i));
    }

    private static boolean isDigitAt(final String s, final int i) {
        return i < s.length() && Character.isDigit(s.codePointAt(i));
    }

    private static boolean isMark(final int cp) {
        final int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isSeparator(final int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp);
    }

    private static boolean isAscii(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
