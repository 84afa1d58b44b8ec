package io.sentimentstreams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a directory tree, deepest entries first. */
final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code path} and everything below it; nothing to do if it does not exist. */
    static void deleteRecursively(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
