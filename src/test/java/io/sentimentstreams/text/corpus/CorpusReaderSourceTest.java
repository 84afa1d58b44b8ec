package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems with the source as a whole, and the streaming variant. */
class CorpusReaderSourceTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void shouldRejectUnsupportedExtension() {
        final Path file = CorpusFiles.write(dir.resolve("reviews.csv"), "1,good\n");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.SKIP, warnings::add));

        assertEquals("unsupported corpus format: " + file + " (supported: an aclImdb directory, *.tsv, *.tsv.gz,"
                + " *.jsonl, *.jsonl.gz, *.ndjson or *.ndjson.gz)", e.getMessage());
    }

    @Test
    void shouldReportMissingPath() {
        final Path missing = dir.resolve("missing.tsv");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(missing, MalformedPolicy.SKIP, warnings::add));

        assertEquals("no such file or directory: " + missing, e.getMessage());
    }

    @Test
    void shouldReportFileThatIsNotGzipEvenWhenSkipping() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv.gz"), "1\tnot compressed\n");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.SKIP, warnings::add));

        assertEquals(file + ": not a valid gzip file (Not in GZIP format)", e.getMessage());
    }

    @Test
    void shouldReportEmptyGzipFile() {
        final Path file = CorpusFiles.writeBytes(dir.resolve("train.tsv.gz"), new byte[0]);

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.SKIP, warnings::add));

        assertEquals(file + ": not a valid gzip file (EOFException)", e.getMessage());
    }

    @Test
    void shouldReportTruncatedGzipWithFileAndLine() {
        final String content = IntStream.range(0, 2000).mapToObj(i -> "1\treview number " + i + " " + i * 7919)
                .collect(Collectors.joining("\n"));
        final byte[] gzip = CorpusFiles.gzip(content.getBytes(StandardCharsets.UTF_8));
        final Path file = CorpusFiles.writeBytes(dir.resolve("train.tsv.gz"), Arrays.copyOf(gzip, gzip.length / 2));

        final CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> CorpusReader.read(file, MalformedPolicy.SKIP, warnings::add));

        assertTrue(e.getMessage().matches("\\Q" + file + "\\E:\\d+: corrupt or truncated gzip data \\(.+\\)"),
                e.getMessage());
    }

    @Test
    void shouldStreamLazilyUpToTheFirstProblem() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\n0\tb\nx\tc\n");

        try (Stream<Review> reviews = CorpusReader.stream(file, MalformedPolicy.FAIL, warnings::add)) {
            assertEquals(List.of(new Review("a", 1), new Review("b", 0)), reviews.limit(2).toList());
        }
    }

    @Test
    void shouldFailStreamWhenItReachesMalformedLine() {
        final Path file = CorpusFiles.write(dir.resolve("train.tsv"), "1\ta\nx\tc\n");

        try (Stream<Review> reviews = CorpusReader.stream(file, MalformedPolicy.FAIL, warnings::add)) {
            final CorpusFormatException e = assertThrows(CorpusFormatException.class, reviews::toList);
            assertEquals(file + ":2: label must be 0 or 1, got 'x'", e.getMessage());
        }
    }

    @Test
    void shouldReportMissingPathWhenStreamIsOpened() {
        final Path missing = dir.resolve("missing.jsonl");

        assertThrows(CorpusFormatException.class, () -> CorpusReader.stream(missing, MalformedPolicy.SKIP, w -> { }));
    }

    @Test
    void shouldStreamTheSameReviewsAsRead() {
        final Path file = CorpusFiles.writeGzip(dir.resolve("train.tsv.gz"), "1\ta\n0\tb\nbad\n1\tc\n");

        try (Stream<Review> reviews = CorpusReader.stream(file, MalformedPolicy.SKIP, w -> { })) {
            assertEquals(CorpusReader.read(file, MalformedPolicy.SKIP, w -> { }).reviews(), reviews.toList());
        }
    }

    @Test
    void shouldStreamSplitOfAclImdbRoot() {
        final Path root = dir.resolve("aclImdb");
        CorpusFiles.write(root.resolve("train/unsup/5_0.txt"), "five");
        CorpusFiles.write(root.resolve("train/unsup/4_0.txt"), "four");

        try (Stream<Review> reviews = CorpusReader.stream(root, "unsup", MalformedPolicy.FAIL, w -> { })) {
            assertEquals(List.of(new Review("four", -1), new Review("five", -1)), reviews.toList());
        }
    }
}
