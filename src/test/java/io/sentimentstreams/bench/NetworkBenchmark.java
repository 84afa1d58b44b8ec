package io.sentimentstreams.bench;

import io.sentimentstreams.nn.Adam;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Network throughput in sequences per second, float32, one thread: scoring (forward with training off) and a full
 * training step (forward, backward through time, Adam). Every sequence of the batch has T = 200 tokens, E = H = 128,
 * V = 30,000, last-step pooling, two classes. Each invocation processes {@value #SEQUENCES} sequences (64/B
 * batches of B), declared as {@value #SEQUENCES} operations, so JMH's ops/s are sequences per second directly.
 * Run it with {@code bench/run-jmh.sh} (see there for options).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xss4m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
        "-Dorg.bytedeco.javacpp.maxbytes=0"})
public class NetworkBenchmark {

    private static final int STEPS = 200;       // T
    private static final int EMBEDDING = 128;   // E
    private static final int HIDDEN = 128;      // H
    private static final int VOCABULARY = 30_000;
    private static final int SEQUENCES = 64;    // per invocation; every batch size must divide it

    @Param({"elman", "lstm", "gru"})
    public String cell;

    @Param({"1", "32", "64"})
    public int batch;

    private SentimentNetwork network;
    private SentimentNetwork.Workspace workspace;
    private Adam adam;
    private Packing packing;
    private int[] tokenIds;  // [T*B] time-major
    private int[] labels;    // [B]

    private int batches;     // SEQUENCES / B per invocation

    @Setup
    public void setUp() {
        if (batch < 1 || SEQUENCES % batch != 0) {
            throw new IllegalArgumentException("batch must divide " + SEQUENCES + ", got " + batch);
        }
        batches = SEQUENCES / batch;
        final NetworkConfig config = new NetworkConfig(CellType.parse(cell), VOCABULARY, EMBEDDING, HIDDEN, 2,
                Pooling.LAST, 0.0);
        network = SentimentNetwork.create(config, Init.Recurrent.ORTHOGONAL, 1.0, 7, DataType.FLOAT);
        workspace = network.newWorkspace();
        adam = new Adam(1e-3, 5.0);
        final int[] lengths = new int[batch];
        Arrays.fill(lengths, STEPS);
        packing = Packing.of(lengths);
        final SplittableRandom random = new SplittableRandom(11);
        tokenIds = new int[STEPS * batch];
        for (int i = 0; i < tokenIds.length; i++) {
            tokenIds[i] = 1 + random.nextInt(VOCABULARY - 1);
        }
        labels = new int[batch];
        for (int b = 0; b < batch; b++) {
            labels[b] = random.nextInt(2);
        }
    }

    /** Scores {@value #SEQUENCES} sequences, in batches of B. */
    @Benchmark
    @OperationsPerInvocation(SEQUENCES)
    public void forward(final Blackhole blackhole) {
        for (int i = 0; i < batches; i++) {
            blackhole.consume(network.forward(workspace, tokenIds, packing, false));
        }
    }

    /** Trains on {@value #SEQUENCES} sequences, in batches of B: forward, backward, Adam update for each batch. */
    @Benchmark
    @OperationsPerInvocation(SEQUENCES)
    public void train(final Blackhole blackhole) {
        for (int i = 0; i < batches; i++) {
            network.forward(workspace, tokenIds, packing, true);
            blackhole.consume(network.backward(workspace, labels, 0, null));
            blackhole.consume(adam.step(network.params()));
        }
    }
}
