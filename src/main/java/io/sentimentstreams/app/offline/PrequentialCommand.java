package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.stream.PrequentialReplay;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prequential}: how well online learning from scratch does on a stream of labeled reviews, with the stream
 * trainer's own code and settings: every review is predicted before it is learned from.
 */
@Command(name = "prequential", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays labeled reviews, in file order, through the online trainer (test, then train) from a",
                "fresh model, and reports the prequential accuracy: predictions made before learning each review."})
public final class PrequentialCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", converter = Converters.ExistingPath.class, required = true, paramLabel = "PATH", description = "Labeled reviews, in stream order.")
    private Path data;

    @Option(names = "--last", paramLabel = "N", defaultValue = "5000",
            description = "Report the accuracy over the last N reviews (default: ${DEFAULT-VALUE}).")
    private int last;

    @Option(names = "--config", converter = Converters.ExistingPath.class, paramLabel = "FILE", description = "A properties file of stream settings.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A stream setting, e.g. --set model.hidden=128.")
    private Map<String, String> settings = new HashMap<>();

    @Option(names = "--model", converter = Converters.ExistingPath.class, paramLabel = "FILE",
            description = "Compare this model (from 'train') frozen, adapting online, and a model learning from scratch.")
    private Path modelFile;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "With --model: accuracy per window of N reviews (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--png", paramLabel = "FILE", description = "With --model: plot the windows' accuracy as a PNG.")
    private Path png;

    @Option(names = "--unlabeled-weight", paramLabel = "X", defaultValue = "0",
            description = {"Also learn the language-model objective on each mini-batch's texts, as unlabeled reviews,"
                    + " before testing it, moving the shared weights X times as far as a labeled step (default: 0,"
                    + " off)."})
    private double unlabeledWeight;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final StreamsSettings resolved = StreamsSettings.load(config, System.getenv(), settings);
        final List<Review> reviews = Corpora.readLabeled(data, MalformedPolicy.SKIP, err).reviews();
        if (!(unlabeledWeight >= 0) || !Double.isFinite(unlabeledWeight)) {
            throw new UsageException("--unlabeled-weight must be a finite number >= 0, got " + unlabeledWeight);
        }
        NativeThreads.use(1);
        if (modelFile != null) {
            if (window < 1) {
                throw new UsageException("--window must be at least 1, got " + window);
            }
            final PrequentialComparison.Runs runs = PrequentialComparison.run(resolved, modelFile, unlabeledWeight,
                    reviews, err);
            PrequentialComparison.print(runs, window, modelFile, resolved, unlabeledWeight, out);
            if (png != null) {
                PrequentialComparison.plot(runs, window, png, "Prequential accuracy on " + data.getFileName());
            }
            return 0;
        }
        final long start = System.nanoTime();
        final int total = reviews.size();
        final PrequentialReplay.Result result = PrequentialReplay.run(resolved, resolved.initialModel().create(),
                true, unlabeledWeight, reviews.stream().map(Review::text).toList(),
                reviews.stream().mapToInt(Review::label).toArray(),
                done -> {
                    if (done % (resolved.trainingBatchSize() * 100) == 0) {
                        err.printf(Locale.ROOT, "%d/%d reviews, %.0f s%n", done, total,
                                (System.nanoTime() - start) / 1e9);
                        err.flush();
                    }
                });
        final int n = result.correct().length;
        out.printf(Locale.ROOT, "%s %s, hashing %d buckets, E=%d H=%d, batch %d, lr %s%s: %d reviews, %d steps, %.1f min%n",
                resolved.modelCell().id(), resolved.modelPooling().id(), resolved.modelHashingBuckets(),
                resolved.modelEmbedding(), resolved.modelHidden(), resolved.trainingBatchSize(),
                resolved.trainingLearningRate(), unlabeledWeight > 0 ? ", unlabeled weight " + unlabeledWeight : "",
                n, result.trainingSteps(), (System.nanoTime() - start) / 60e9);
        for (int upTo = Math.min(5000, n); upTo <= n; upTo += 5000) {
            out.printf(Locale.ROOT, "  prequential accuracy of reviews %6d..%6d: %.2f%%%n", upTo - Math.min(5000, upTo) + 1,
                    upTo, 100 * windowAccuracy(result.correct(), upTo - Math.min(5000, upTo), upTo));
        }
        out.printf(Locale.ROOT, "prequential accuracy over the last %d reviews: %.2f%%%n", Math.min(last, n),
                100 * result.accuracyOfLast(last));
        return 0;
    }

    private static double windowAccuracy(final boolean[] correct, final int from, final int to) {
        int hits = 0;
        for (int i = from; i < to; i++) {
            hits += correct[i] ? 1 : 0;
        }
        return (double) hits / Math.max(1, to - from);
    }
}
