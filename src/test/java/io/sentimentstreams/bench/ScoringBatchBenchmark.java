package io.sentimentstreams.bench;

import io.sentimentstreams.model.Scorer;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.stream.StreamsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scoring worker's job in a processor instance, reported as batches per second on one thread (times
 * {@code batch}: reviews per second): the service's
 * default model ({@code StreamsSettings.defaults().initialModel()}, frozen for scoring as a scorer loads it)
 * scores a batch of {@code batch} reviews of mixed lengths, in arrival order, as {@code ScoringProcessor} hands
 * them to a worker (the scorer sorts each batch by length itself). Token ids are drawn at random with IMDB-like
 * lengths (uniform in 20..400 tokens, the default longest review kept); the text is not tokenised here
 * ({@link TokenizerBenchmark} measures that). Not run by the tests: {@code bench/run-jmh.sh ScoringBatchBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ScoringBatchBenchmark {

    private static final int BATCHES = 16;

    @Param({"8", "32", "64"})
    public int batch;

    private Scorer scorer;
    private final List<List<int[]>> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        final SentimentModel model = StreamsSettings.defaults().initialModel().create().forScoring();
        scorer = model.newScorer(batch);
        final int vocabulary = model.network().config().vocabularySize();
        final Random random = new Random(42);
        for (int i = 0; i < BATCHES; i++) {
            final List<int[]> reviews = new ArrayList<>(batch);
            for (int r = 0; r < batch; r++) {
                final int[] ids = new int[20 + random.nextInt(381)];
                for (int t = 0; t < ids.length; t++) {
                    ids[t] = 2 + random.nextInt(vocabulary - 2);
                }
                reviews.add(ids);
            }
            batches.add(reviews);
        }
    }

    /** One batch scored. */
    @Benchmark
    public double[] scoreBatch() {
        next = (next + 1) % BATCHES;
        return scorer.positiveProbabilitiesOfIds(batches.get(next));
    }
}
