package io.sentimentstreams.app.download;

import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.stream.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.commons.io.file.PathUtils;

/**
 * The directory where {@code download-imdb} keeps its verified copy of the IMDB reviews, and where the demos look
 * for it: {@code --cache-dir}, else {@code $SENTIMENT_CACHE_DIR}, else {@code $XDG_CACHE_HOME/sentiment-streams},
 * else {@code ~/.cache/sentiment-streams}.
 *
 * <p>Layout: {@code aclImdb/} (the extracted archive), {@code aclImdb.sha256} (the SHA-256 of the archive it came
 * from, written last: a copy without it is incomplete), {@code aclImdb_v1.tar.gz.part} (a download in progress),
 * {@code .work-*} (extractions in progress) and {@code .lock}.
 */
public final class DataCache {

    /** Environment variable naming the cache directory. */
    public static final String ENV_CACHE_DIR = StreamsSettings.CACHE_DIR_VARIABLE;

    private static final String ENV_XDG_CACHE_HOME = "XDG_CACHE_HOME";
    private static final String APP_DIR = "sentiment-streams";
    private static final String IMDB_DIR = "aclImdb";
    private static final String ARCHIVE_NAME = "aclImdb_v1.tar.gz";
    private static final String WORK_PREFIX = ".work-";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    private DataCache(final Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache at {@code dir}. */
    public static DataCache at(final Path dir) {
        return new DataCache(dir);
    }

    /** The cache at {@code option} if given, else where the environment and the user's home put it. */
    public static DataCache locate(final Path option) {
        return locate(option, System.getenv(), System.getProperty("user.home"));
    }

    /** As {@link #locate(Path)}, with the environment and home directory given. */
    public static DataCache locate(final Path option, final Map<String, String> env, final String userHome) {
        if (option != null) {
            return at(option);
        }
        final String dir = env.get(ENV_CACHE_DIR);
        if (dir != null && !dir.isBlank()) {
            return at(Path.of(dir));
        }
        final String xdg = env.get(ENV_XDG_CACHE_HOME);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return at(Path.of(xdg, APP_DIR));
        }
        return at(Path.of(userHome, ".cache", APP_DIR));
    }

    /** Returns whether {@code hex} is a SHA-256 digest in lower-case hexadecimal. */
    static boolean isSha256(final String hex) {
        return SHA256_HEX.matcher(hex).matches();
    }

    public Path root() {
        return root;
    }

    /** Where the extracted aclImdb directory is (or would be). */
    public Path imdb() {
        return root.resolve(IMDB_DIR);
    }

    /** Where a download of the archive in progress is kept. */
    Path imdbPart() {
        return root.resolve(ARCHIVE_NAME + ".part");
    }

    private Path marker() {
        return root.resolve(IMDB_DIR + ".sha256");
    }

    /** The SHA-256 of the archive the cached aclImdb copy was extracted from; empty without a complete copy. */
    Optional<String> imdbChecksum() {
        if (!Files.isDirectory(imdb()) || !Files.isRegularFile(marker())) {
            return Optional.empty();
        }
        try {
            final String content = Files.readString(marker(), StandardCharsets.UTF_8).strip();
            final String hex = content.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            return isSha256(hex) ? Optional.of(hex) : Optional.empty();
        } catch (final IOException e) {
            return Optional.empty();
        }
    }

    /** The cached aclImdb directory, if a complete, verified copy is there. */
    public Optional<Path> verifiedImdb() {
        return imdbChecksum().map(sha -> imdb());
    }

    /** Creates the cache directory if needed. */
    public void create() {
        try {
            Files.createDirectories(root);
        } catch (final IOException e) {
            throw new UserException("cannot create the cache directory " + root + ": " + describe(e));
        }
    }

    /** The cache held by one process, released on close. */
    @FunctionalInterface
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** Holds the cache for this process until the lock is closed; fails at once if another process holds it. */
    Lock lock() {
        final FileChannel channel;
        try {
            channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (final IOException e) {
            throw new UserException("cannot lock the cache directory " + root + ": " + describe(e));
        }
        if (tryLock(channel) == null) {
            closeQuietly(channel);
            throw new UserException("another download-imdb is using " + root + "; wait for it to finish");
        }
        return () -> closeQuietly(channel);
    }

    /** The lock, or null when another process (or this one) holds it. */
    private FileLock tryLock(final FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (final OverlappingFileLockException e) {
            return null;
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new UserException("cannot lock the cache directory " + root + ": " + describe(e));
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        try {
            channel.close();
        } catch (final IOException e) {
            // Closing releases the lock; a failure to close leaves nothing to clean up.
        }
    }

    /**
     * Makes {@code extracted} (a directory inside the cache) the cached aclImdb copy, replacing any earlier one, and
     * records the archive's checksum: the marker is removed first and written last, so a copy is never taken for
     * complete while it is being replaced.
     */
    public void installImdb(final Path extracted, final String sha256) {
        try {
            Files.deleteIfExists(marker());
            if (Files.exists(imdb())) {
                final Path old = newWorkDir();
                moveAtomically(imdb(), old.resolve(IMDB_DIR));
                FileUtils.deleteDirectory(old.toFile());
            }
            moveAtomically(extracted, imdb());
            final Path tmp = root.resolve(marker().getFileName() + ".tmp");
            Files.writeString(tmp, sha256 + "  " + ARCHIVE_NAME + "\n", StandardCharsets.UTF_8);
            moveAtomically(tmp, marker());
        } catch (final IOException e) {
            throw new UserException("cannot install the IMDB copy in " + root + ": " + describe(e));
        }
    }

    /** A new, empty directory inside the cache, for work that joins it by a rename. */
    public Path newWorkDir() throws IOException {
        return Files.createTempDirectory(root, WORK_PREFIX);
    }

    /** Removes the work directories an interrupted run left behind; call it while holding the {@link #lock()}. */
    void removeLeftovers() {
        try (Stream<Path> entries = Files.list(root)) {
            for (final Path p : entries.filter(p -> p.getFileName().toString().startsWith(WORK_PREFIX)).toList()) {
                PathUtils.delete(p);
            }
        } catch (final IOException | UncheckedIOException e) {
            throw new UserException("cannot clean up the cache directory " + root + ": " + e.getMessage());
        }
    }

    private static void moveAtomically(final Path from, final Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** An I/O failure's message, or its type when it has none. */
    public static String describe(final IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
