package io.sentimentstreams.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderAclImdbTest {

    @TempDir
    Path dir;

    private Path root;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void writeAclImdbTree() {
        root = dir.resolve("aclImdb");
        CorpusFiles.write(root.resolve("train/pos/10_9.txt"), "Train pos ten.");
        CorpusFiles.write(root.resolve("train/pos/2_7.txt"), "Train pos two.<br /><br />Next\u0085 part.");
        CorpusFiles.write(root.resolve("train/neg/1_1.txt"), "Train neg one.");
        CorpusFiles.write(root.resolve("train/unsup/0_0.txt"), "Unsup zero.");
        CorpusFiles.write(root.resolve("train/unsup/1_0.txt"), "Unsup one.");
        CorpusFiles.write(root.resolve("train/urls_pos.txt"), "http://www.imdb.com/title/tt0000000/usercomments");
        CorpusFiles.write(root.resolve("train/labeledBow.feat"), "9 0:1");
        CorpusFiles.write(root.resolve("test/pos/0_10.txt"), "Test pos zero.");
        CorpusFiles.write(root.resolve("test/neg/0_2.txt"), "Test neg zero.");
    }

    private Corpus read(final Path path) {
        return CorpusReader.read(path, MalformedPolicy.SKIP, warnings::add);
    }

    @Test
    void shouldReadTrainSplitOfAclImdbRoot() {
        final Corpus corpus = read(root);

        assertEquals(List.of(
                new Review("Train pos two.<br /><br />Next\u0085 part.", 1),
                new Review("Train pos ten.", 1),
                new Review("Train neg one.", 0)), corpus.reviews());
        assertEquals(root.resolve("train").toString(), corpus.source());
        assertEquals(List.of(), warnings);
    }

    @Test
    void shouldReadSplitDirectory() {
        assertEquals(List.of(new Review("Test pos zero.", 1), new Review("Test neg zero.", 0)),
                read(root.resolve("test")).reviews());
    }

    @Test
    void shouldReadDirectoryWithOnlyUnsupAsUnlabeled() {
        final Path unlabeled = dir.resolve("unlabeled");
        CorpusFiles.write(unlabeled.resolve("unsup/3_0.txt"), "Three.");
        CorpusFiles.write(unlabeled.resolve("unsup/1_0.txt"), "One.");

        assertEquals(List.of(new Review("One.", -1), new Review("Three.", -1)), read(unlabeled).reviews());
    }

    @Test
    void shouldOrderFilesByNumericIdThenOtherNames() {
        final Path split = dir.resolve("split");
        CorpusFiles.write(split.resolve("pos/10_8.txt"), "ten");
        CorpusFiles.write(split.resolve("pos/9_8.txt"), "nine");
        CorpusFiles.write(split.resolve("pos/extra.txt"), "extra");
        CorpusFiles.write(split.resolve("pos/100_7.txt"), "hundred");
        CorpusFiles.write(split.resolve("neg/0_1.txt"), "zero");

        assertEquals(List.of("nine", "ten", "hundred", "extra", "zero"),
                read(split).reviews().stream().map(Review::text).toList());
    }

    @Test
    void shouldReadTestSplitOfRootWhenChosen() {
        final Corpus corpus = CorpusReader.read(root, "test", MalformedPolicy.SKIP, warnings::add);

        assertEquals(List.of(new Review("Test pos zero.", 1), new Review("Test neg zero.", 0)), corpus.reviews());
    }

    @Test
    void shouldReadUnsupSplitOfRootWhenChosen() {
        final Corpus corpus = CorpusReader.read(root, "unsup", MalformedPolicy.SKIP, warnings::add);

        assertEquals(List.of(new Review("Unsup zero.", -1), new Review("Unsup one.", -1)), corpus.reviews());
    }

    @Test
    void shouldRejectUnknownSplit() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorpusReader.read(root, "dev", MalformedPolicy.SKIP, warnings::add));

        assertEquals("split must be one of [train, test, unsup], got 'dev'", e.getMessage());
    }

    @Test
    void shouldFailWhenSplitDirectoryLacksNeg() {
        final Path split = dir.resolve("half");
        CorpusFiles.write(split.resolve("pos/0_9.txt"), "only positive");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> read(split));

        assertEquals("aclImdb split directory " + split + " must contain both pos/ and neg/", e.getMessage());
    }

    @Test
    void shouldFailOnDirectoryOutsideAclImdbLayout() {
        final Path other = dir.resolve("other");
        CorpusFiles.write(other.resolve("reviews/0_9.txt"), "text");

        final CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> read(other));

        assertEquals("directory " + other + " is not in the aclImdb layout: expected train/ (an aclImdb root),"
                + " pos/ and neg/ (a split directory) or unsup/ (unlabeled reviews)", e.getMessage());
    }

    @Test
    void shouldSkipEmptyReviewFileAndNameIt() {
        final Path empty = CorpusFiles.write(root.resolve("test/neg/1_3.txt"), "");

        final Corpus corpus = read(root.resolve("test"));

        assertEquals(2, corpus.size());
        assertEquals(1, corpus.skipped());
        assertEquals(List.of(empty + ": empty text (skipped)"), warnings);
    }

    @Test
    void shouldSkipReviewFileWithInvalidUtf8() {
        final Path bad = CorpusFiles.writeBytes(root.resolve("test/neg/1_3.txt"), new byte[] {'o', 'k', (byte) 0xE9});

        final Corpus corpus = read(root.resolve("test"));

        assertEquals(1, corpus.skipped());
        assertEquals(List.of(bad + ": invalid UTF-8 byte sequence at byte offset 2 (skipped)"), warnings);
    }

    @Test
    void shouldIgnoreFilesThatAreNotTxt() {
        CorpusFiles.write(root.resolve("test/pos/.DS_Store"), "junk");
        CorpusFiles.write(root.resolve("test/pos/notes.md"), "junk");

        assertEquals(2, read(root.resolve("test")).size());
    }
}
