package io.sentimentstreams.app.download;

import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.console.UserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Extracts a {@code .tar.gz} archive into a directory: directories and regular files only. An entry whose name
 * would put it outside the directory ({@code ../x}, an absolute name) fails the whole extraction; links and
 * special files are skipped, with a count on stderr. Shows a progress bar over the compressed bytes read.
 */
public final class TarGzExtractor {

    /** Files written and entries skipped. */
    record Extracted(long files, long skipped) {
    }

    private final ProgressBar progress;
    private final PrintWriter err;

    TarGzExtractor(final ProgressBar progress, final PrintWriter err) {
        this.progress = progress;
        this.err = err;
    }

    /**
     * Extracts {@code archive} into the existing directory {@code into}. On failure the directory may hold part of
     * the archive: extract into a fresh directory and remove it on failure.
     */
    Extracted extract(final Path archive, final Path into) {
        final Path root = into.toAbsolutePath().normalize();
        try (BoundedInputStream counted = BoundedInputStream.builder().setPath(archive).get();
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new GzipCompressorInputStream(new BufferedInputStream(counted, 1 << 16)))) {
            final Extracted extracted = extractEntries(archive, tar, root, counted, Files.size(archive));
            if (extracted.skipped() > 0) {
                err.printf(Locale.ROOT, "skipped %d links and special files of %s%n", extracted.skipped(),
                        archive.getFileName());
            }
            return extracted;
        } catch (final IOException e) {
            progress.endLine();
            throw new UserException("cannot extract " + archive + ": " + DataCache.describe(e));
        }
    }

    private Extracted extractEntries(final Path archive, final TarArchiveInputStream tar, final Path root,
                                     final BoundedInputStream counted, final long size) throws IOException {
        final long start = System.nanoTime();
        long files = 0;
        long skipped = 0;
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            final Path target = target(archive, root, entry.getName(), entry.isDirectory());
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (isRegularFile(entry)) {
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                files++;
            } else {
                skipped++;
            }
            progress.transferred("extracting", counted.getCount(), size, rate(counted.getCount(), start), false);
        }
        progress.transferred("extracting", counted.getCount(), size, rate(counted.getCount(), start), true);
        return new Extracted(files, skipped);
    }

    private static boolean isRegularFile(final TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink() && !entry.isCharacterDevice()
                && !entry.isBlockDevice() && !entry.isFIFO();
    }

    /** Where an entry goes; refuses names that leave the extraction directory (or replace it by a file). */
    static Path target(final Path archive, final Path root, final String name, final boolean directory) {
        final Path target;
        try {
            target = root.resolve(name).normalize();
        } catch (final InvalidPathException e) {
            throw new UserException("cannot extract " + archive + ": invalid entry name '" + name + "'");
        }
        if (!target.startsWith(root) || !directory && target.equals(root)) {
            throw new UserException("cannot extract " + archive + ": unsafe entry '" + name
                    + "' points outside the extraction directory; nothing was installed");
        }
        return target;
    }

    private static double rate(final long bytes, final long startNanos) {
        final double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds > 0 ? bytes / seconds : 0;
    }
}
