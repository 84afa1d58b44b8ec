package io.sentimentstreams.text.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Reads review corpora. The format is chosen from the path:
 * <ul>
 *   <li><b>a directory</b> in the official aclImdb layout: an aclImdb root (its {@code train} split is read:
 *       {@code train/pos/*.txt} label 1, then {@code train/neg/*.txt} label 0; {@code train/unsup} is
 *       ignored), a split directory with {@code pos/} and {@code neg/} (such as {@code aclImdb/test}), or a
 *       directory with only {@code unsup/} (unlabeled). Within a folder, files are in the numeric order of
 *       the ids in {@code ID_RATING.txt}. One file is one review; its whole content is the text. Use
 *       {@link #read(Path, String, MalformedPolicy, Consumer)} to pick the {@code test} or {@code unsup} split
 *       of a root.</li>
 *   <li><b>{@code *.tsv}, {@code *.tsv.gz}</b>: {@code label<TAB>text}, {@code label<TAB>text<TAB>domain}
 *       (the domain is checked and dropped) or, in an unlabeled file, the whole line is the text. The first
 *       non-blank line decides for the whole file: it is labeled if it starts with {@code 0} or {@code 1} and a
 *       tab. Lines that do not follow the file's layout are malformed.</li>
 *   <li><b>{@code *.jsonl}, {@code *.ndjson}</b> (and {@code .gz}): one object per line with a string
 *       {@code "text"} and an optional {@code "label"}: {@code 0}/{@code 1}, {@code false}/{@code true},
 *       {@code "neg"}/{@code "pos"} or {@code "negative"}/{@code "positive"}.</li>
 * </ul>
 *
 * <p>Text is decoded as <b>strict UTF-8</b>: a line (or file) with an invalid byte sequence is malformed and
 * handled by the {@link MalformedPolicy}, instead of having its bytes replaced by U+FFFD without a word.
 * Lines end only at {@code \n} (an {@code \r} before it is dropped); U+0085, U+2028 and a lone {@code \r}
 * stay inside the text, which is otherwise returned exactly as stored. Blank lines are ignored: they hold no
 * review. A leading UTF-8 byte order mark is dropped. Line numbers in messages are 1-based and count every
 * line, blank ones included.
 *
 * <p>Problems with the source itself - a missing path, an unsupported name, a corrupt gzip file, an I/O
 * error - always throw {@link CorpusFormatException}, whatever the policy.
 */
public final class CorpusReader {

    private static final int GZIP_BUFFER_SIZE = 1 << 16;
    private static final String SUPPORTED = "an aclImdb directory, *.tsv, *.tsv.gz, *.jsonl, *.jsonl.gz, *.ndjson"
            + " or *.ndjson.gz";

    private CorpusReader() {
    }

    /**
     * Reads a whole corpus into memory.
     *
     * @param path     a file or an aclImdb directory, see the class documentation
     * @param policy   what to do with malformed lines
     * @param warnings receives one message per skipped line: {@code "PATH:LINE: reason (skipped)"}
     * @throws CorpusFormatException when the path cannot be read, or on a malformed line under
     *                               {@link MalformedPolicy#FAIL}
     */
    public static Corpus read(final Path path, final MalformedPolicy policy, final Consumer<String> warnings) {
        checkArguments(path, policy, warnings);
        return collect(new ReviewIterator(open(path), policy, warnings));
    }

    /**
     * Reads one split of an aclImdb root: {@code "train"} ({@code train/pos} and {@code train/neg}),
     * {@code "test"} ({@code test/pos} and {@code test/neg}) or {@code "unsup"} ({@code train/unsup},
     * unlabeled).
     *
     * @throws IllegalArgumentException when the split is not one of these
     * @throws CorpusFormatException    as {@link #read(Path, MalformedPolicy, Consumer)}
     */
    public static Corpus read(final Path aclImdbRoot, final String split, final MalformedPolicy policy,
                              final Consumer<String> warnings) {
        checkArguments(aclImdbRoot, policy, warnings);
        Objects.requireNonNull(split, "split must not be null");
        return collect(new ReviewIterator(AclImdbLayout.open(aclImdbRoot, split), policy, warnings));
    }

    /**
     * Streams a corpus lazily, for sources too large to hold at once. The format is detected, and a missing or
     * unsupported path is reported, when this method is called; malformed lines are handled as they are
     * reached. Close the stream (try-with-resources) to release the file.
     *
     * @see #read(Path, MalformedPolicy, Consumer)
     */
    public static Stream<Review> stream(final Path path, final MalformedPolicy policy,
                                        final Consumer<String> warnings) {
        checkArguments(path, policy, warnings);
        return asStream(new ReviewIterator(open(path), policy, warnings));
    }

    /**
     * Streams one split of an aclImdb root lazily.
     *
     * @see #read(Path, String, MalformedPolicy, Consumer)
     */
    public static Stream<Review> stream(final Path aclImdbRoot, final String split, final MalformedPolicy policy,
                                        final Consumer<String> warnings) {
        checkArguments(aclImdbRoot, policy, warnings);
        Objects.requireNonNull(split, "split must not be null");
        return asStream(new ReviewIterator(AclImdbLayout.open(aclImdbRoot, split), policy, warnings));
    }

    private static void checkArguments(final Path path, final MalformedPolicy policy,
                                       final Consumer<String> warnings) {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(policy, "policy must not be null");
        Objects.requireNonNull(warnings, "warnings must not be null");
    }

    private static Corpus collect(final ReviewIterator reviews) {
        try (reviews) {
            final List<Review> all = new ArrayList<>();
            reviews.forEachRemaining(all::add);
            return new Corpus(all, reviews.skipped(), reviews.sourceName());
        }
    }

    private static Stream<Review> asStream(final ReviewIterator reviews) {
        final Spliterator<Review> spliterator = Spliterators.spliteratorUnknownSize(
                reviews, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(reviews::close);
    }

    private static EntrySource open(final Path path) {
        if (Files.isDirectory(path)) {
            return AclImdbLayout.open(path);
        }
        if (!Files.exists(path)) {
            throw new CorpusFormatException("no such file or directory: " + path);
        }
        final String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        final boolean gzip = name.endsWith(".gz");
        final String base = gzip ? name.substring(0, name.length() - ".gz".length()) : name;
        final LineParser parser;
        if (base.endsWith(".tsv")) {
            parser = new TsvLineParser();
        } else if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) {
            parser = new JsonLineParser();
        } else {
            throw new CorpusFormatException("unsupported corpus format: " + path + " (supported: " + SUPPORTED + ")");
        }
        return new LineFileSource(path, gzip, openStream(path, gzip), parser);
    }

    private static InputStream openStream(final Path path, final boolean gzip) {
        final InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (final IOException e) {
            throw new CorpusFormatException("cannot read " + path + ": " + e.getClass().getSimpleName(), e);
        }
        if (!gzip) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, GZIP_BUFFER_SIZE);
        } catch (final IOException e) {
            closeQuietly(raw, e);
            throw new CorpusFormatException(path + ": not a valid gzip file (" + describe(e) + ")", e);
        }
    }

    /** Returns an I/O failure's message, or its type when it has none (as for an empty gzip file). */
    static String describe(final IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(final InputStream in, final IOException failure) {
        try {
            in.close();
        } catch (final IOException e) {
            failure.addSuppressed(e);
        }
    }
}
