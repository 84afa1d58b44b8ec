package io.sentimentstreams.bench;

import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scoring throughput in sequences per second, float32, on {@code threads} threads as the service scores (a network
 * frozen for scoring, {@code SentimentNetwork.frozenCopy()}, which looks its input projections up): each of the
 * {@code scoring.threads} workers runs whole batches of B through the one shared network, with a workspace of its
 * own. The shapes are {@link NetworkBenchmark}'s (T = 200, E = H = 128, V = 30,000, last-step pooling). Each
 * invocation scores {@value #SEQUENCES} sequences in batches of B, the batches dealt to the threads in turn, so
 * JMH's ops/s are sequences per second over all threads; with {@code threads=1} it runs on the calling thread, as
 * {@code NetworkBenchmark.forward} does. Set {@code OMP_NUM_THREADS=1} (run-jmh.sh does): the threads are these.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xss4m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
        "-Dorg.bytedeco.javacpp.maxbytes=0"})
public class ForwardThroughputBenchmark {

    private static final int STEPS = 200;       // T
    private static final int EMBEDDING = 128;   // E
    private static final int HIDDEN = 128;      // H
    private static final int VOCABULARY = 30_000;
    private static final int SEQUENCES = 128;   // per invocation; B × threads must divide it

    @Param({"elman", "lstm", "gru"})
    public String cell;

    @Param({"32", "64"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private SentimentNetwork network;
    private final List<SentimentNetwork.Workspace> workspaces = new ArrayList<>();
    private ExecutorService pool;
    private Packing packing;
    private int[] tokenIds;  // [T*B] time-major

    @Setup
    public void setUp() {
        if (batch < 1 || threads < 1 || SEQUENCES % (batch * threads) != 0) {
            throw new IllegalArgumentException("batch × threads must divide " + SEQUENCES + ", got " + batch
                    + " × " + threads);
        }
        final NetworkConfig config = new NetworkConfig(CellType.parse(cell), VOCABULARY, EMBEDDING, HIDDEN, 2,
                Pooling.LAST, 0.0);
        network = SentimentNetwork.create(config, Init.Recurrent.ORTHOGONAL, 1.0, 7, DataType.FLOAT)
                .frozenCopy();  // as the service scores: input projections looked up

        for (int w = 0; w < threads; w++) {
            workspaces.add(network.newWorkspace());
        }
        pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        final int[] lengths = new int[batch];
        Arrays.fill(lengths, STEPS);
        packing = Packing.of(lengths);
        final SplittableRandom random = new SplittableRandom(11);
        tokenIds = new int[STEPS * batch];
        for (int i = 0; i < tokenIds.length; i++) {
            tokenIds[i] = 1 + random.nextInt(VOCABULARY - 1);
        }
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Scores {@value #SEQUENCES} sequences in batches of B, {@code threads} batches at a time. */
    @Benchmark
    @OperationsPerInvocation(SEQUENCES)
    public void forward(final Blackhole blackhole) throws InterruptedException, ExecutionException {
        final int perThread = SEQUENCES / batch / threads;
        if (pool == null) {
            score(workspaces.get(0), perThread, blackhole);
            return;
        }
        final List<Future<?>> running = new ArrayList<>(threads);
        for (final SentimentNetwork.Workspace workspace : workspaces) {
            running.add(pool.submit(() -> score(workspace, perThread, blackhole)));
        }
        for (final Future<?> done : running) {
            done.get();
        }
    }

    private void score(final SentimentNetwork.Workspace workspace, final int batches, final Blackhole blackhole) {
        for (int i = 0; i < batches; i++) {
            blackhole.consume(network.forward(workspace, tokenIds, packing, false));
        }
    }
}
