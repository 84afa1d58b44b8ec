package io.sentimentstreams.app.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small tar.gz archives for the download tests, made in memory. */
final class TestArchives {

    /** A few reviews in the aclImdb layout: name inside the archive → text. */
    static final Map<String, String> IMDB = imdbReviews();

    private TestArchives() {
    }

    private static Map<String, String> imdbReviews() {
        final Map<String, String> files = new LinkedHashMap<>();
        files.put("aclImdb/README", "Large Movie Review Dataset (a test copy)\n");
        files.put("aclImdb/train/pos/0_9.txt", "A wonderful film, moving and funny.");
        files.put("aclImdb/train/pos/1_8.txt", "Superb acting and a clever story.");
        files.put("aclImdb/train/neg/0_2.txt", "Dull, predictable and far too long.");
        files.put("aclImdb/test/pos/0_10.txt", "I loved every minute of it.");
        files.put("aclImdb/test/neg/0_1.txt", "A waste of two hours.");
        return files;
    }

    /** A gzipped tar holding {@code files} (directories are added for every parent). */
    static byte[] tarGz(final Map<String, String> files) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            final Set<String> directories = new HashSet<>();
            for (final Map.Entry<String, String> file : files.entrySet()) {
                addParents(tar, file.getKey(), directories);
                final byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                final TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void addParents(final TarArchiveOutputStream tar, final String name,
                                   final Set<String> directories) throws IOException {
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            final String directory = name.substring(0, slash + 1);
            if (!directory.startsWith(".") && directories.add(directory)) {
                tar.putArchiveEntry(new TarArchiveEntry(directory));
                tar.closeArchiveEntry();
            }
        }
    }

    static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
