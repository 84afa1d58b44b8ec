package io.sentimentstreams.app.demo;

import io.sentimentstreams.app.download.DataCache;
import io.sentimentstreams.app.offline.Corpora;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Where the demos take their reviews from, in this order: {@code --data PATH}; else the IMDB copy that
 * {@code download-imdb} verified into the {@link DataCache}; else built-in synthetic reviews, so that a demo runs
 * on a machine with no data and no internet.
 */
public final class DemoData {

    /** Said whenever the demo falls back to synthetic reviews. */
    static final String REAL_DATA_HINT = "for real reviews run download-imdb, or pass --data PATH";

    private static final long SHUFFLE_SEED = 7;

    /** Which of the three the demo uses. */
    public enum Origin { GIVEN, CACHED_IMDB, SYNTHETIC }

    /**
     * The data a demo uses.
     *
     * @param path the data ({@code GIVEN}), the cached aclImdb directory ({@code CACHED_IMDB}), or where a cached
     *             copy was looked for ({@code SYNTHETIC})
     */
    public record Source(Origin origin, Path path) {

        public Source {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(path, "path");
        }

        public boolean synthetic() {
            return origin == Origin.SYNTHETIC;
        }

        /** The data in a few words: the path, "cached IMDB archive at PATH" or "synthetic". */
        public String describe() {
            return switch (origin) {
                case GIVEN -> path.toString();
                case CACHED_IMDB -> "cached IMDB archive at " + path;
                case SYNTHETIC -> "synthetic";
            };
        }

        /** Why the synthetic reviews are used, and how to use real ones. */
        public String syntheticReason() {
            return "no --data given and no IMDB copy in " + path.getParent() + "; " + REAL_DATA_HINT;
        }
    }

    private DemoData() {
    }

    /** {@code data} if given (may be null), else the cache's verified IMDB copy, else the synthetic reviews. */
    public static Source choose(final Path data, final DataCache cache) {
        if (data != null) {
            return new Source(Origin.GIVEN, data);
        }
        return cache.verifiedImdb().map(imdb -> new Source(Origin.CACHED_IMDB, imdb))
                .orElseGet(() -> new Source(Origin.SYNTHETIC, cache.imdb()));
    }

    /**
     * Up to {@code limit} labeled reviews of a real source, drawn in an order shuffled with a fixed seed: the
     * aclImdb layout lists every positive review before the negative ones, and a demo that takes the first few
     * thousand must see both.
     */
    static List<Review> labeled(final Source source, final int limit, final PrintWriter err) {
        if (source.synthetic()) {
            throw new IllegalArgumentException("synthetic reviews are generated, not read");
        }
        final List<Review> all = new ArrayList<>(Corpora.readLabeled(source.path(), MalformedPolicy.SKIP, err)
                .reviews());
        Collections.shuffle(all, new Random(SHUFFLE_SEED));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }
}
