package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorpusReaderJsonlTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Corpus read(final Path path) {
        return CorpusReader.read(path, MalformedPolicy.SKIP, warnings::add);
    }

    private Corpus readLine(final String line) {
        return read(CorpusFiles.write(dir.resolve("reviews.jsonl"), line + "\n"));
    }

    @Test
    void shouldReadJsonLines() {
        final Path file = CorpusFiles.write(dir.resolve("reviews.jsonl"),
                "{\"text\": \"good\", \"label\": 1}\n{\"text\": \"bad\", \"label\": 0}\n{\"text\": \"unknown\"}\n");

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("good", 1), new Review("bad", 0), new Review("unknown", -1)),
                corpus.reviews());
        assertEquals(0, corpus.skipped());
    }

    @Test
    void shouldReadGzipCompressedJsonLines() {
        final Path file = CorpusFiles.writeGzip(dir.resolve("reviews.jsonl.gz"), "{\"text\":\"good\",\"label\":1}\n");

        assertEquals(List.of(new Review("good", 1)), read(file).reviews());
    }

    @Test
    void shouldReadNdjsonExtension() {
        final Path file = CorpusFiles.write(dir.resolve("reviews.ndjson"), "{\"text\":\"good\",\"label\":1}\n");

        assertEquals(List.of(new Review("good", 1)), read(file).reviews());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "\"1\"", "\"pos\"", "\"positive\"", "\"Positive\"", "\"POS\""})
    void shouldAcceptPositiveLabelSpellings(final String label) {
        assertEquals(List.of(new Review("t", 1)), readLine("{\"text\":\"t\",\"label\":" + label + "}").reviews());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "\"0\"", "\"neg\"", "\"negative\"", "\"NEGATIVE\""})
    void shouldAcceptNegativeLabelSpellings(final String label) {
        assertEquals(List.of(new Review("t", 0)), readLine("{\"text\":\"t\",\"label\":" + label + "}").reviews());
    }

    @Test
    void shouldTreatNullLabelAsUnlabeled() {
        assertEquals(List.of(new Review("t", -1)), readLine("{\"text\":\"t\",\"label\":null}").reviews());
    }

    @Test
    void shouldIgnoreOtherFields() {
        assertEquals(List.of(new Review("t", 1)),
                readLine("{\"id\":7,\"text\":\"t\",\"label\":1,\"domain\":\"dvd\"}").reviews());
    }

    @Test
    void shouldIgnoreBlankLines() {
        final Path file = CorpusFiles.write(dir.resolve("reviews.jsonl"),
                "\n{\"text\":\"a\"}\n  \n{\"text\":\"b\"}\n\n");

        assertEquals(List.of(new Review("a", -1), new Review("b", -1)), read(file).reviews());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldKeepNextLineCharacterInsideJsonText() {
        assertEquals(List.of(new Review("wait\u0085 then", 1)),
                readLine("{\"text\":\"wait\u0085 then\",\"label\":1}").reviews());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"text\": \"t\", | invalid JSON at column ",
        "not json at all | invalid JSON at column ",
        "{\"label\": 1} | missing \"text\" field",
        "{\"text\": 42} | \"text\" must be a string, found number",
        "{\"text\": \"  \"} | empty text",
        "{\"text\": \"t\", \"label\": 2} | label must be 0, 1, true, false, \"pos\", \"neg\", \"positive\" or"
                + " \"negative\", got 2",
        "{\"text\": \"t\", \"label\": \"maybe\"} | label must be 0, 1, true, false, \"pos\", \"neg\","
                + " \"positive\" or \"negative\", got \"maybe\"",
        "[\"t\", 1] | expected a JSON object, found array",
        "{\"text\": \"t\"} {\"text\": \"u\"} | invalid JSON at column ",
        "{\"text\": \"t\", \"text\": \"u\"} | invalid JSON at column ",
    })
    void shouldSkipMalformedJsonLine(final String line, final String reason) {
        final Path file = CorpusFiles.write(dir.resolve("reviews.jsonl"), "{\"text\":\"ok\"}\n" + line + "\n");

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("ok", -1)), corpus.reviews());
        assertEquals(1, corpus.skipped());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(file + ":2: " + reason), warnings.get(0));
        assertTrue(warnings.get(0).endsWith(" (skipped)"), warnings.get(0));
    }

    @Test
    void shouldFailWithFileAndLineOnJsonWithoutText() {
        final Path file = CorpusFiles.write(dir.resolve("reviews.jsonl"), "{\"text\":\"ok\"}\n{\"label\":1}\n");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.FAIL, warnings::add));

        assertEquals(file + ":2: missing \"text\" field", e.getMessage());
    }

    @Test
    void shouldFailWithOneLineMessageOnInvalidJson() {
        final Path file = CorpusFiles.write(dir.resolve("reviews.jsonl"), "{\"text\": oops}\n");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.FAIL, warnings::add));

        assertTrue(e.getMessage().startsWith(file + ":1: invalid JSON at column 10: Unrecognized token 'oops'"),
                e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
    }
}
