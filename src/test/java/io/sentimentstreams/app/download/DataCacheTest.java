package io.sentimentstreams.app.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {

    private static final String HOME = "/home/ada";
    private static final String SHA = "ab".repeat(32);

    @Test
    void shouldPreferTheOptionOverTheEnvironment() {
        final DataCache cache = DataCache.locate(Path.of("/opt/cache"), Map.of("SENTIMENT_CACHE_DIR", "/env"), HOME);
        assertEquals(Path.of("/opt/cache"), cache.root());
    }

    @Test
    void shouldTakeSentimentCacheDirBeforeXdgCacheHome() {
        final DataCache cache = DataCache.locate(null,
                Map.of("SENTIMENT_CACHE_DIR", "/env", "XDG_CACHE_HOME", "/xdg"), HOME);
        assertEquals(Path.of("/env"), cache.root());
    }

    @Test
    void shouldUseAnAppDirectoryInsideXdgCacheHome() {
        final DataCache cache = DataCache.locate(null, Map.of("XDG_CACHE_HOME", "/xdg"), HOME);
        assertEquals(Path.of("/xdg/sentiment-streams"), cache.root());
    }

    @Test
    void shouldIgnoreARelativeXdgCacheHomeAsTheSpecificationSays() {
        final DataCache cache = DataCache.locate(null, Map.of("XDG_CACHE_HOME", "relative"), HOME);
        assertEquals(Path.of(HOME, ".cache", "sentiment-streams"), cache.root());
    }

    @Test
    void shouldDefaultToTheDotCacheDirectoryInTheHome() {
        assertEquals(Path.of(HOME, ".cache", "sentiment-streams"), DataCache.locate(null, Map.of(), HOME).root());
    }

    @Test
    void shouldHoldNoCopyWithoutTheChecksumMarker(@TempDir final Path dir) throws IOException {
        final DataCache cache = DataCache.at(dir);
        Files.createDirectories(cache.imdb().resolve("train"));
        assertEquals(Optional.empty(), cache.verifiedImdb());
    }

    @Test
    void shouldHoldAVerifiedCopyOnceInstalled(@TempDir final Path dir) throws IOException {
        final DataCache cache = DataCache.at(dir);
        final Path work = cache.newWorkDir();
        Files.createDirectories(work.resolve("aclImdb/train"));

        cache.installImdb(work.resolve("aclImdb"), SHA);

        assertEquals(Optional.of(cache.imdb()), cache.verifiedImdb());
        assertEquals(Optional.of(SHA), cache.imdbChecksum());
        assertTrue(Files.isDirectory(cache.imdb().resolve("train")));
    }

    @Test
    void shouldReplaceAnEarlierCopy(@TempDir final Path dir) throws IOException {
        final DataCache cache = DataCache.at(dir);
        final Path first = cache.newWorkDir();
        Files.createDirectories(first.resolve("aclImdb/old"));
        cache.installImdb(first.resolve("aclImdb"), SHA);
        final Path second = cache.newWorkDir();
        Files.createDirectories(second.resolve("aclImdb/new"));

        cache.installImdb(second.resolve("aclImdb"), "cd".repeat(32));

        assertTrue(Files.isDirectory(cache.imdb().resolve("new")));
        assertTrue(Files.notExists(cache.imdb().resolve("old")));
        assertEquals(Optional.of("cd".repeat(32)), cache.imdbChecksum());
    }

    @Test
    void shouldRemoveWorkDirectoriesLeftByAnInterruptedRun(@TempDir final Path dir) throws IOException {
        final DataCache cache = DataCache.at(dir);
        Files.createDirectories(cache.newWorkDir().resolve("aclImdb/train"));

        cache.removeLeftovers();

        try (var entries = Files.list(dir)) {
            assertEquals(0, entries.count());
        }
    }
}
