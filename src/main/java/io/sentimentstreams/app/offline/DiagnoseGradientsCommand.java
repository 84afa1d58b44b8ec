package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.LinePlot;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.model.TextPipeline;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.text.Batch;
import io.sentimentstreams.text.Tokenizer;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.TruncationPolicy;
import io.sentimentstreams.text.Vocabulary;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diagnose-gradients}: how far back the error signal reaches. For each cell, the loss of the last step of
 * T-token reviews is backpropagated and {@code ‖∂E/∂h_t‖} is reported for every t: an Elman network's signal
 * shrinks geometrically (vanishing gradients); the gated cells keep it.
 */
@Command(name = "diagnose-gradients", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints ‖∂E/∂h_t‖ over t for Elman, LSTM and GRU networks on real reviews, and plots it.",
                "The loss is taken at the last step only, so the curve shows how far back gradients reach."})
public final class DiagnoseGradientsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", converter = Converters.ExistingPath.class, paramLabel = "PATH", description = "Reviews (TSV, JSONL or aclImdb); default: synthetic.")
    private Path data;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "200", description = "Review length used (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "32", description = "Reviews averaged (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "128", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    private int hidden;

    @Option(names = "--png", paramLabel = "FILE", defaultValue = "gradient-norms.png",
            description = "Where to write the plot (default: ${DEFAULT-VALUE}).")
    private Path png;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    /** The set-ups compared: the classic Elman, Elman with the identity initialisation cure, LSTM, GRU. */
    private record Setup(String name, CellType cell, Init.Recurrent init, double scale) {
    }

    @Override
    public Integer call() {
        if (steps < 2 || batch < 1 || hidden < 1) {
            throw new UsageException("--steps must be >= 2, --batch and --hidden >= 1");
        }
        NativeThreads.use(1);
        final PrintWriter out = spec.commandLine().getOut();
        final Batch reviews = longReviews();
        final List<Setup> setups = List.of(new Setup("elman (xavier)", CellType.ELMAN, Init.Recurrent.XAVIER, 1),
                new Setup("elman (orthogonal)", CellType.ELMAN, Init.Recurrent.ORTHOGONAL, 1),
                new Setup("lstm", CellType.LSTM, Init.Recurrent.ORTHOGONAL, 1),
                new Setup("gru", CellType.GRU, Init.Recurrent.ORTHOGONAL, 1));
        final List<LinePlot.Series> series = new ArrayList<>();
        for (final Setup s : setups) {
            series.add(new LinePlot.Series(s.name(), norms(s, reviews)));
        }
        out.printf(Locale.ROOT, "‖∂E/∂h_t‖ (norm over the batch) with the loss at t=%d, a batch of %d reviews of %d tokens, H=%d, untrained%n",
                steps, reviews.batchSize(), steps, hidden);
        out.printf(Locale.ROOT, "%8s", "t");
        series.forEach(s -> out.printf(Locale.ROOT, " %20s", s.name()));
        out.println();
        for (int t = steps; t >= 1; t -= Math.max(1, steps / 10)) {
            out.printf(Locale.ROOT, "%8d", t);
            for (final LinePlot.Series s : series) {
                out.printf(Locale.ROOT, " %20.3e", s.y()[t - 1]);
            }
            out.println();
        }
        LinePlot.write(png, "Gradient norm ‖∂E/∂h_t‖ back from the last step (T=" + steps + ")", "time step t",
                "‖∂E/∂h_t‖ (log scale)", series, true);
        out.println("plot written to " + png);
        return 0;
    }

    private double[] norms(final Setup setup, final Batch reviews) {
        final NetworkConfig config = new NetworkConfig(setup.cell(), 20_000, 128, hidden, 2, Pooling.LAST, 0);
        final SentimentNetwork network = SentimentNetwork.create(config, setup.init(), setup.scale(), seed,
                DataType.FLOAT);
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        network.forward(ws, reviews.tokenIds(), Packing.of(reviews.lengths()), false);
        final double[] norms = new double[steps];
        network.backward(ws, reviews.labels(), 0, norms);
        return norms;
    }

    /** B reviews of at least T tokens, cut to exactly T, as one batch. */
    private Batch longReviews() {
        final List<Review> source = data == null ? SyntheticReviews.generate(4000, seed)
                : Corpora.readLabeled(data, MalformedPolicy.SKIP, spec.commandLine().getErr()).reviews();
        final Tokenizer tokenizer = new Tokenizer();
        final List<List<String>> tokens = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        for (final Review r : source) {
            final List<String> t = tokenizer.tokenize(r.text());
            if (t.size() >= steps && tokens.size() < batch) {
                tokens.add(t);
                labels.add(r.label());
            }
        }
        if (tokens.isEmpty()) {
            throw new UserException("no review has " + steps + " tokens; lower --steps");
        }
        final Vocabulary vocabulary = Vocabulary.build(tokens, 1, 20_000);
        final TextPipeline pipeline = new TextPipeline(vocabulary, new TruncationPolicy(steps, Truncation.HEAD));
        final List<int[]> sequences = tokens.stream().map(t -> pipeline.truncation().apply(vocabulary.encode(t)))
                .toList();
        return Batch.of(sequences, labels.stream().mapToInt(Integer::intValue).toArray(), null);
    }
}
