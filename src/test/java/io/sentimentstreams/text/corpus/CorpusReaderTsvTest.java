package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTsvTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Corpus read(final Path path) {
        return CorpusReader.read(path, MalformedPolicy.SKIP, warnings::add);
    }

    @Test
    void shouldReadLabeledTsv() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\tA fine film.\n0\tA dull film.\n");

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("A fine film.", 1), new Review("A dull film.", 0)), corpus.reviews());
        assertEquals(0, corpus.skipped());
        assertEquals(file.toString(), corpus.source());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldReadGzipCompressedTsv() {
        final Path file = CorpusFiles.writeGzip(dir.resolve("train.tsv.gz"), "0\tbad\n1\tgood\n");

        assertEquals(List.of(new Review("bad", 0), new Review("good", 1)), read(file).reviews());
    }

    @Test
    void shouldReadUnlabeledTsvWhenFirstLineHasNoLabel() {
        final Path file = CorpusFiles.write(dir.resolve("unlabeled.tsv"), "First review.\nSecond review.\n");

        assertEquals(List.of(new Review("First review.", -1), new Review("Second review.", -1)),
                read(file).reviews());
    }

    @Test
    void shouldTakeWholeLineAsTextInUnlabeledTsv() {
        final Path file = CorpusFiles.write(dir.resolve("unlabeled.tsv"), "words\tafter a tab\n");

        assertEquals(List.of(new Review("words\tafter a tab", -1)), read(file).reviews());
    }

    @Test
    void shouldReadLabelTextDomainTsvAndDropTheDomain() {
        final Path file = CorpusFiles.write(dir.resolve("stream.tsv"), "1\tGreat grater.\tkitchen\n0\tDull.\tbooks\n");

        assertEquals(List.of(new Review("Great grater.", 1), new Review("Dull.", 0)), read(file).reviews());
    }

    @Test
    void shouldIgnoreBlankLines() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "\n1\ta\n\n   \n0\tb\n\n");

        assertEquals(List.of(new Review("a", 1), new Review("b", 0)), read(file).reviews());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldReadLastLineWithoutNewline() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\n0\tb");

        assertEquals(List.of(new Review("a", 1), new Review("b", 0)), read(file).reviews());
    }

    @Test
    void shouldDropCarriageReturnBeforeNewline() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\r\n0\tb\r\n");

        assertEquals(List.of(new Review("a", 1), new Review("b", 0)), read(file).reviews());
    }

    @Test
    void shouldNotSplitLinesOnNextLineCharacter() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\tWait\u0085 then\u2028more\n0\tb\n");

        assertEquals(List.of(new Review("Wait\u0085 then\u2028more", 1), new Review("b", 0)), read(file).reviews());
    }

    @Test
    void shouldKeepLoneCarriageReturnInsideText() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\tone\rtwo\n");

        assertEquals(List.of(new Review("one\rtwo", 1)), read(file).reviews());
    }

    @Test
    void shouldDropByteOrderMark() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "\uFEFF1\ta\n");

        assertEquals(List.of(new Review("a", 1)), read(file).reviews());
    }

    @Test
    void shouldSkipLineWithBadLabelAndReportFileAndLine() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\nx\tb\n0\tc\n");

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("a", 1), new Review("c", 0)), corpus.reviews());
        assertEquals(1, corpus.skipped());
        assertEquals(List.of(file + ":2: label must be 0 or 1, got 'x' (skipped)"), warnings);
    }

    @Test
    void shouldCountBlankLinesInLineNumbers() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\n\n\n7\tb\n");

        read(file);

        assertEquals(List.of(file + ":4: label must be 0 or 1, got '7' (skipped)"), warnings);
    }

    @Test
    void shouldSkipLineWithoutTabInLabeledFile() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\nno label here\n");

        final Corpus corpus = read(file);

        assertEquals(1, corpus.skipped());
        assertEquals(List.of(file + ":2: expected label<TAB>text, found no tab (the file is labeled: decided from"
                + " line 1) (skipped)"), warnings);
    }

    @Test
    void shouldSkipLineWithEmptyText() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\n0\t  \n");

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("a", 1)), corpus.reviews());
        assertEquals(List.of(file + ":2: empty text (skipped)"), warnings);
    }

    @Test
    void shouldSkipLabeledLineInUnlabeledFile() {
        final Path file = CorpusFiles.write(dir.resolve("unlabeled.tsv"), "a text\n1\tlabeled text\n");

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("a text", -1)), corpus.reviews());
        assertEquals(List.of(file + ":2: line starts with a 0/1 label and a tab, but the file is unlabeled"
                + " (decided from line 1) (skipped)"), warnings);
    }

    @Test
    void shouldSkipLineWithMoreFieldsThanTheFirstLine() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\n0\tb\tbooks\n");

        read(file);

        assertEquals(List.of(file + ":2: expected 2 tab-separated fields as on line 1, found 3 (skipped)"),
                warnings);
    }

    @Test
    void shouldSkipLineWithEmptyDomain() {
        final Path file = CorpusFiles.write(dir.resolve("stream.tsv"), "1\ta\tdvd\n0\tb\t\n");

        read(file);

        assertEquals(List.of(file + ":2: empty domain (skipped)"), warnings);
    }

    @Test
    void shouldSkipLineWithInvalidUtf8() {
        final byte[] bytes = concat("1\ta\n0\tb".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28},
                "\n1\tc\n".getBytes(StandardCharsets.UTF_8));
        final Path file = CorpusFiles.writeBytes(dir.resolve("train.tsv"), bytes);

        final Corpus corpus = read(file);

        assertEquals(List.of(new Review("a", 1), new Review("c", 1)), corpus.reviews());
        assertEquals(List.of(file + ":2: invalid UTF-8 byte sequence at byte offset 3 (skipped)"), warnings);
    }

    @Test
    void shouldKeepGenuineReplacementCharacter() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\td\uFFFDj\uFFFD vu\n");

        assertEquals(List.of(new Review("d\uFFFDj\uFFFD vu", 1)), read(file).reviews());
    }

    @Test
    void shouldFailWithFileAndLineOnBadLabel() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\nx\tb\n");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.FAIL, warnings::add));

        assertEquals(file + ":2: label must be 0 or 1, got 'x'", e.getMessage());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void shouldFailOnInvalidUtf8() {
        final Path file = CorpusFiles.writeBytes(dir.resolve("train.tsv"), new byte[] {'1', '\t', (byte) 0xFF, '\n'});

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.FAIL, warnings::add));

        assertEquals(file + ":1: invalid UTF-8 byte sequence at byte offset 2", e.getMessage());
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
