package io.sentimentstreams.bench;

import io.sentimentstreams.text.Tokenizer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokenizer throughput on synthetic reviews of about 1,300 characters, reported as reviews per
 * second on one thread. Not run by the tests; run it through JMH's runner on the test classpath.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizerBenchmark {

    private static final int REVIEWS = 256;
    private static final int REVIEW_CHARS = 1_300;

    private static final List<String> PIECES = List.of(
            "the", "movie", "was", "a", "film", "and", "of", "to", "it's", "don't", "I", "really", "Great",
            "acting", "plot", "boring", "well-made", "(not", "really)", "7/10", "3.5", "stars", "!!!",
            "...", "--", "<br /><br />", "&quot;fun&quot;", "movie's", "can't", "won't", "they're",
            "caf\u00e9", "\u201cquoted\u201d", "it\u2019s", "slow\u0096boring", "wait\u0085", "the", "the");

    private final Tokenizer tokenizer = new Tokenizer();
    private String[] reviews;
    private int next;

    @Setup
    public void setUp() {
        final Random random = new Random(42);
        reviews = new String[REVIEWS];
        for (int r = 0; r < REVIEWS; r++) {
            final StringBuilder review = new StringBuilder(REVIEW_CHARS + 32);
            while (review.length() < REVIEW_CHARS) {
                review.append(PIECES.get(random.nextInt(PIECES.size()))).append(random.nextInt(8) == 0 ? ". " : " ");
            }
            reviews[r] = review.toString();
        }
    }

    @Benchmark
    public List<String> tokenizeReview() {
        next = (next + 1) % REVIEWS;
        return tokenizer.tokenize(reviews[next]);
    }
}
