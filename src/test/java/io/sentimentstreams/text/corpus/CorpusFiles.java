package io.sentimentstreams.text.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small corpus files for tests. */
final class CorpusFiles {

    private CorpusFiles() {
    }

    static Path write(final Path file, final String content) {
        return writeBytes(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path writeBytes(final Path file, final byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeGzip(final Path file, final String content) {
        return writeBytes(file, gzip(content.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] gzip(final byte[] content) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
