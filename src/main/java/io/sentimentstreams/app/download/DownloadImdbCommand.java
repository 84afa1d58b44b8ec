package io.sentimentstreams.app.download;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code download-imdb}: fetches the official IMDB movie review archive, checks its SHA-256 and extracts it into
 * the {@link DataCache}, where the demos find it. Does nothing when a verified copy is there already.
 */
@Command(name = "download-imdb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Downloads the official IMDB movie review archive (aclImdb_v1.tar.gz, 84 MB, from "
                + "ai.stanford.edu), verifies its SHA-256 and extracts it into the data cache, where 'demo' finds it "
                + "when no --data is given. An interrupted download is resumed on the next run.",
                "Without internet, download the archive elsewhere and install it with --archive FILE."})
public final class DownloadImdbCommand implements Callable<Integer> {

    /** Where the Stanford AI Lab publishes the archive. */
    static final URI OFFICIAL_URL = URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz");

    /** SHA-256 of the official archive (84,125,825 bytes), as TensorFlow Datasets records it. */
    static final String OFFICIAL_SHA256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe";

    private static final String ARCHIVE_ROOT = "aclImdb";

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "Where to download the archive from (default: "
            + "the official archive).")
    private URI url = OFFICIAL_URL;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of the archive (default: that "
            + "of the official archive, which a mirror serves too).")
    private String sha256 = OFFICIAL_SHA256;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "The data cache "
            + "(default: ~/.cache/sentiment-streams, or $XDG_CACHE_HOME/sentiment-streams if set, or $"
            + DataCache.ENV_CACHE_DIR + " if set).")
    private Path cacheDir;

    @Option(names = "--archive", converter = Converters.ExistingPath.class, paramLabel = "FILE", description = "Install from this copy of the archive instead "
            + "of downloading it (it is checked against --sha256 the same way).")
    private Path archive;

    @Option(names = "--force", description = "Download and extract again even if the cache holds a verified copy.")
    private boolean force;

    @Override
    public Integer call() {
        final String expected = expectedChecksum();
        checkSource();
        final DataCache cache = DataCache.locate(cacheDir);
        cache.create();
        final DataCache.Lock lock = cache.lock();
        try {
            cache.removeLeftovers();
            if (!force && cache.imdbChecksum().filter(expected::equals).isPresent()) {
                out().printf(Locale.ROOT, "the IMDB reviews are already in %s (SHA-256 %s); --force fetches them "
                        + "again%n", cache.imdb(), expected);
            } else {
                fetchAndInstall(cache, expected);
                out().printf(Locale.ROOT, "the IMDB reviews are in %s (SHA-256 %s)%n", cache.imdb(), expected);
            }
        } finally {
            lock.close();
        }
        printUse(cache);
        return 0;
    }

    private void fetchAndInstall(final DataCache cache, final String expected) {
        final Path file = archive != null ? checkedArchive(expected) : download(cache, expected);
        install(cache, file, expected);
        if (archive == null) {
            deleteQuietly(file);
        }
    }

    private String expectedChecksum() {
        final String hex = sha256.strip().toLowerCase(Locale.ROOT);
        if (!DataCache.isSha256(hex)) {
            throw new UsageException("--sha256 must be 64 hexadecimal digits, got '" + sha256 + "'");
        }
        return hex;
    }

    private void checkSource() {
        if (archive != null) {
            if (!Files.isRegularFile(archive)) {
                throw new UserException("no such file: " + archive);
            }
            return;
        }
        final String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new UsageException("--url must be an http:// or https:// URL, got '" + url + "'");
        }
    }

    private Path download(final DataCache cache, final String expected) {
        final Path part = cache.imdbPart();
        if (force) {
            deleteQuietly(part);
        }
        err().printf(Locale.ROOT, "downloading %s%s%n", url, Files.isRegularFile(part) ? " (resuming)" : "");
        err().flush();
        final HttpDownload.Result result = new HttpDownload(url, new ProgressBar(err())).fetch(part);
        if (!result.sha256().equals(expected)) {
            deleteQuietly(part);
            throw new UserException("checksum mismatch for " + url + ": expected SHA-256 " + expected + ", got "
                    + result.sha256() + " (" + result.bytes() + " bytes); the download was deleted");
        }
        return part;
    }

    private Path checkedArchive(final String expected) {
        err().println("checking " + archive);
        err().flush();
        final String actual = HttpDownload.sha256Of(archive);
        if (!actual.equals(expected)) {
            throw new UserException("checksum mismatch for " + archive + ": expected SHA-256 " + expected + ", got "
                    + actual);
        }
        return archive;
    }

    /** Extracts the archive into a work directory inside the cache, then renames its aclImdb/ into place. */
    private void install(final DataCache cache, final Path file, final String expected) {
        final Path work = workDir(cache);
        try {
            err().println("extracting into " + cache.root());
            err().flush();
            new TarGzExtractor(new ProgressBar(err()), err()).extract(file, work);
            final Path tree = work.resolve(ARCHIVE_ROOT);
            if (!Files.isDirectory(tree)) {
                throw new UserException(file + " is not the IMDB archive: it has no " + ARCHIVE_ROOT
                        + "/ directory");
            }
            cache.installImdb(tree, expected);
        } finally {
            deleteQuietly(work);
        }
    }

    private void printUse(final DataCache cache) {
        final Path imdb = cache.imdb();
        final String demo = DataCache.locate(null).root().equals(cache.root()) ? "demo"
                : "demo --cache-dir " + cache.root();
        out().println("use them with:");
        out().println("  " + demo + "   (without --data, the demo takes the cached copy)");
        out().println("  demo --data " + imdb);
        out().println("  train --data " + imdb + " --model-out gru.ssm");
        out().println("  evaluate --model gru.ssm --data " + imdb.resolve("test"));
        out().flush();
    }

    private static Path workDir(final DataCache cache) {
        try {
            return cache.newWorkDir();
        } catch (final IOException e) {
            throw new UserException("cannot write to the cache directory " + cache.root() + ": "
                    + DataCache.describe(e));
        }
    }

    private static void deleteQuietly(final Path path) {
        FileUtils.deleteQuietly(path.toFile());   // what is left, the next run removes first
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
