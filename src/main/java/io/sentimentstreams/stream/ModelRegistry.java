package io.sentimentstreams.stream;

import io.sentimentstreams.model.Scorer;
import io.sentimentstreams.model.SentimentModel;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model this application instance scores with, shared by all its stream threads and swapped atomically when
 * a newer version arrives on the models topic. The weights of a loaded model are never changed (they are read by
 * many threads at once); each thread scores through its own {@link Scorer}, which holds that thread's buffers.
 */
public final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /**
     * One immutable, loaded model version.
     *
     * @param model         the network and its text pipeline; kept as a frozen copy for scoring
     * @param version       the version scores report; 0 for the initial, untrained model
     * @param parentVersion the version it was trained from, -1 for none
     * @param createdTimeMs when the version was created, in ms since the epoch
     */
    public record LoadedModel(SentimentModel model, long version, long parentVersion, long createdTimeMs) {
        /** The model is kept {@link SentimentModel#forScoring() for scoring}: a frozen copy of its weights. */
        public LoadedModel {
            model = Objects.requireNonNull(model, "model").forScoring();
        }
    }

    private final AtomicReference<LoadedModel> current;
    private final AtomicReference<Map<String, Object>> lines = new AtomicReference<>(Map.of());
    private final int maxBatch;
    private final ThreadLocal<ThreadScorer> scorers = new ThreadLocal<>();

    private record ThreadScorer(LoadedModel model, Scorer scorer) {
    }

    public ModelRegistry(final LoadedModel initial, final int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.maxBatch = maxBatch;
    }

    /** A registry holding version 0: the initial model of {@link StreamsSettings#initialModel}, created at {@code createdTimeMs}. */
    public static ModelRegistry withInitialModel(final StreamsSettings settings, final long createdTimeMs) {
        return new ModelRegistry(new LoadedModel(settings.initialModel().create(), 0, -1, createdTimeMs),
                settings.scoringBatchMaxRecords());
    }

    /** The newest model this instance has. */
    public LoadedModel current() {
        return current.get();
    }

    /**
     * Makes {@code candidate} the current model if its version is newer than the current one.
     *
     * @return whether it was swapped in
     */
    public boolean offer(final LoadedModel candidate) {
        Objects.requireNonNull(candidate, "candidate");
        final LoadedModel before = current.getAndAccumulate(candidate,
                (now, offered) -> offered.version() > now.version() ? offered : now);
        if (candidate.version() > before.version()) {
            LOG.info("Scoring now uses model version {} (trained from version {}), replacing version {}.",
                    candidate.version(), candidate.parentVersion(), before.version());
            return true;
        }
        return false;
    }

    /**
     * The online trainer's figures of its model lines (champion, challenger) and of the serving version, as
     * {@code /model} shows them; empty on an instance whose trainer task is elsewhere.
     */
    public Map<String, Object> lines() {
        return lines.get();
    }

    /** Replaces the figures {@link #lines} returns; called by the online trainer after each mini-batch. */
    void reportLines(final Map<String, Object> figures) {
        lines.set(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures)));
    }

    /** The calling thread's scorer for {@code model}, made on first use and replaced when the model changes. */
    public Scorer scorer(final LoadedModel model) {
        final ThreadScorer cached = scorers.get();
        if (cached != null && cached.model() == model) {
            return cached.scorer();
        }
        final Scorer scorer = model.model().newScorer(maxBatch);
        scorers.set(new ThreadScorer(model, scorer));
        return scorer;
    }
}
