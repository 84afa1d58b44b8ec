package io.sentimentstreams.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.download.DataCache;
import io.sentimentstreams.text.corpus.Review;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demos' choice of data: --data, else the cached IMDB copy, else synthetic reviews. */
class DemoDataTest {

    @TempDir
    Path dir;

    /** A cache holding a verified aclImdb copy with {@code pos} positive and {@code neg} negative reviews. */
    private DataCache cacheWithImdb(final int pos, final int neg) throws IOException {
        final DataCache cache = DataCache.at(dir.resolve("cache"));
        cache.create();
        final Path work = cache.newWorkDir();
        writeReviews(work.resolve("aclImdb/train/pos"), pos, "a wonderful film");
        writeReviews(work.resolve("aclImdb/train/neg"), neg, "a dreadful film");
        cache.installImdb(work.resolve("aclImdb"), "ab".repeat(32));
        return cache;
    }

    private static void writeReviews(final Path folder, final int count, final String text) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Files.writeString(folder.resolve(i + "_5.txt"), text + " " + i, StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldPickTheCachedImdbCopyWhenNoDataIsGiven() throws IOException {
        final DataCache cache = cacheWithImdb(2, 2);

        final DemoData.Source source = DemoData.choose(null, cache);

        assertEquals(new DemoData.Source(DemoData.Origin.CACHED_IMDB, cache.imdb()), source);
        assertEquals("cached IMDB archive at " + cache.imdb(), source.describe());
    }

    @Test
    void shouldPickTheSyntheticReviewsWhenTheCacheIsEmpty() {
        final DataCache cache = DataCache.at(dir.resolve("empty"));

        final DemoData.Source source = DemoData.choose(null, cache);

        assertTrue(source.synthetic());
        assertEquals("synthetic", source.describe());
        assertTrue(source.syntheticReason().contains("run download-imdb, or pass --data PATH"),
                source.syntheticReason());
        assertTrue(source.syntheticReason().contains(cache.root().toString()), source.syntheticReason());
    }

    @Test
    void shouldPickTheSyntheticReviewsWhenTheCachedCopyIsIncomplete() throws IOException {
        final DataCache cache = DataCache.at(dir.resolve("cache"));
        Files.createDirectories(cache.imdb().resolve("train/pos"));

        assertTrue(DemoData.choose(null, cache).synthetic());
    }

    @Test
    void shouldPreferGivenDataOverTheCachedCopy() throws IOException {
        final Path data = dir.resolve("reviews.tsv");

        final DemoData.Source source = DemoData.choose(data, cacheWithImdb(1, 1));

        assertEquals(new DemoData.Source(DemoData.Origin.GIVEN, data), source);
    }

    @Test
    void shouldDrawBothLabelsFromTheFirstReviewsOfAnAclImdbCopy() throws IOException {
        final DataCache cache = cacheWithImdb(50, 50);

        final List<Review> reviews = DemoData.labeled(DemoData.choose(null, cache), 20,
                new PrintWriter(new StringWriter()));

        assertEquals(20, reviews.size());
        assertTrue(reviews.stream().anyMatch(r -> r.label() == Review.POSITIVE), "some positive");
        assertTrue(reviews.stream().anyMatch(r -> r.label() == Review.NEGATIVE), "some negative");
        assertEquals(reviews, DemoData.labeled(DemoData.choose(null, cache), 20,
                new PrintWriter(new StringWriter())), "the same reviews every run");
    }
}
