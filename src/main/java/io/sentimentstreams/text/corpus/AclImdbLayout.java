package io.sentimentstreams.text.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the review files of a directory in the official aclImdb layout
 * ({@code aclImdb/{train,test}/{pos,neg}/ID_RATING.txt}, {@code aclImdb/train/unsup/ID_0.txt}).
 *
 * <p>Files are ordered by the numeric id of {@code ID_RATING.txt} (files with other names follow, in name
 * order), all {@code pos/} files before all {@code neg/} files. Only the regular {@code *.txt} files inside
 * {@code pos/}, {@code neg/} and {@code unsup/} are reviews; the files beside those folders
 * ({@code labeledBow.feat}, {@code urls_pos.txt}, ...) are never read.
 */
final class AclImdbLayout {

    /** The splits {@link #open(Path, String)} accepts. */
    static final List<String> SPLITS = List.of("train", "test", "unsup");

    private static final Pattern REVIEW_FILE_NAME = Pattern.compile("(\\d{1,18})_\\d+\\.txt");

    private AclImdbLayout() {
    }

    /**
     * Opens a directory given without a split: a split directory with {@code pos/} and {@code neg/} (its
     * {@code unsup/}, if any, is ignored), a directory with only {@code unsup/} (unlabeled), or an aclImdb root
     * with {@code train/} (the train split is read).
     */
    static AclImdbSource open(final Path dir) {
        if (Files.isDirectory(dir.resolve("pos")) || Files.isDirectory(dir.resolve("neg"))) {
            return labeledSplit(dir);
        }
        if (Files.isDirectory(dir.resolve("unsup"))) {
            return unlabeled(dir.resolve("unsup"));
        }
        if (Files.isDirectory(dir.resolve("train"))) {
            return labeledSplit(dir.resolve("train"));
        }
        if (Files.isDirectory(dir.resolve("test"))) {
            throw new CorpusFormatException("aclImdb root " + dir + " has no train/ directory;"
                    + " choose the split explicitly, for example \"test\"");
        }
        throw new CorpusFormatException("directory " + dir + " is not in the aclImdb layout: expected train/"
                + " (an aclImdb root), pos/ and neg/ (a split directory) or unsup/ (unlabeled reviews)");
    }

    /** Opens split {@code train}, {@code test} or {@code unsup} (= {@code train/unsup}) of an aclImdb root. */
    static AclImdbSource open(final Path root, final String split) {
        if (!SPLITS.contains(split)) {
            throw new IllegalArgumentException("split must be one of " + SPLITS + ", got '" + split + "'");
        }
        if (!Files.isDirectory(root)) {
            throw new CorpusFormatException("no such directory: " + root);
        }
        if (split.equals("unsup")) {
            final Path unsup = root.resolve("train").resolve("unsup");
            if (!Files.isDirectory(unsup)) {
                throw new CorpusFormatException("no such directory: " + unsup);
            }
            return unlabeled(unsup);
        }
        final Path dir = root.resolve(split);
        if (!Files.isDirectory(dir)) {
            throw new CorpusFormatException("no such directory: " + dir);
        }
        return labeledSplit(dir);
    }

    private static AclImdbSource labeledSplit(final Path dir) {
        final Path pos = dir.resolve("pos");
        final Path neg = dir.resolve("neg");
        if (!Files.isDirectory(pos) || !Files.isDirectory(neg)) {
            throw new CorpusFormatException("aclImdb split directory " + dir + " must contain both pos/ and neg/");
        }
        final List<AclImdbSource.ReviewFile> files = new ArrayList<>();
        files.addAll(reviewFiles(pos, Review.POSITIVE));
        files.addAll(reviewFiles(neg, Review.NEGATIVE));
        return new AclImdbSource(dir, files);
    }

    private static AclImdbSource unlabeled(final Path unsup) {
        return new AclImdbSource(unsup, reviewFiles(unsup, Review.UNLABELED));
    }

    private static List<AclImdbSource.ReviewFile> reviewFiles(final Path dir, final int label) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries
                    .filter(path -> path.getFileName().toString().endsWith(".txt"))
                    .filter(Files::isRegularFile)
                    .map(path -> new SortKey(path, numericId(path)))
                    .sorted(Comparator.comparingLong(SortKey::id).thenComparing(SortKey::name))
                    .map(key -> new AclImdbSource.ReviewFile(key.path(), label))
                    .toList();
        } catch (final IOException | UncheckedIOException e) {
            throw new CorpusFormatException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long numericId(final Path path) {
        final Matcher matcher = REVIEW_FILE_NAME.matcher(path.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : Long.MAX_VALUE;
    }

    private record SortKey(Path path, long id) {

        String name() {
            return path.getFileName().toString();
        }
    }
}
