package io.sentimentstreams.app.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.model.Metrics;
import io.sentimentstreams.model.TextScorer;
import io.sentimentstreams.model.TextScorers;
import io.sentimentstreams.text.corpus.Corpus;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.Splits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: accuracy, loss, ROC AUC and confusion matrix of a model on labeled reviews. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores labeled reviews with a model and reports accuracy, loss, ROC AUC and the confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", converter = Converters.ExistingPath.class, required = true, paramLabel = "FILE",
            description = "A model file from 'train'; repeat it to evaluate the ensemble (mean probability) of several.")
    private List<Path> modelFiles;

    @Option(names = "--data", converter = Converters.ExistingPath.class, required = true, paramLabel = "PATH",
            description = "Labeled reviews: TSV or TSV.gz, JSONL, or an aclImdb directory (a split such as aclImdb/test).")
    private Path data;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a report.")
    private boolean json;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Reviews per forward pass (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--on-malformed", paramLabel = "POLICY", defaultValue = "skip",
            converter = Converters.Malformed.class, description = "skip (report and go on) or fail.")
    private MalformedPolicy onMalformed;

    @Option(names = "--split", paramLabel = "PART", defaultValue = "all",
            description = "all, or the validation or train part of the split 'train' holds out (default: ${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "With --split: the split seed 'train' used, its --split-seed or else its --seed (default:"
                    + " ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--validation-fraction", paramLabel = "X", defaultValue = "0.1",
            description = "With --split: the fraction 'train' held out (default: ${DEFAULT-VALUE}).")
    private double validationFraction;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final TextScorer model = TextScorers.ensemble(modelFiles, batch);
        final Corpus corpus = Corpora.readLabeled(data, onMalformed, spec.commandLine().getErr());
        final List<Review> reviews = part(corpus.reviews());
        final double[] positive = model.positiveProbabilities(reviews.stream().map(Review::text).toList());
        final Metrics m = Metrics.of(positive, reviews.stream().mapToInt(Review::label).toArray());
        if (json) {
            final ObjectMapper mapper = new ObjectMapper();
            final ObjectNode node = mapper.createObjectNode();
            node.put("examples", m.examples());
            node.put("accuracy", m.accuracy());
            node.put("loss", m.loss());
            node.put("auc", m.auc());
            final ObjectNode confusion = node.putObject("confusion");
            confusion.put("truePositives", m.truePositives());
            confusion.put("falsePositives", m.falsePositives());
            confusion.put("trueNegatives", m.trueNegatives());
            confusion.put("falseNegatives", m.falseNegatives());
            node.put("skippedLines", corpus.skipped());
            node.put("model", modelFiles.stream().map(Path::toString).collect(Collectors.joining(",")));
            node.put("split", split);
            node.put("data", data.toString());
            out.println(mapper.writeValueAsString(node));
        } else {
            out.printf(Locale.ROOT, "%s on %s%s%n", modelFiles.stream().map(Path::toString)
                    .collect(Collectors.joining(" + ")), data, split.equals("all") ? "" : " (" + split + " part)");
            out.println(TrainCommand.describe(m));
            out.println("confusion matrix (rows: actual, columns: predicted)");
            out.printf(Locale.ROOT, "              negative  positive%n");
            out.printf(Locale.ROOT, "  negative  %9d %9d%n", m.trueNegatives(), m.falsePositives());
            out.printf(Locale.ROOT, "  positive  %9d %9d%n", m.falseNegatives(), m.truePositives());
        }
        return 0;
    }

    /** The reviews of the chosen part of the split, exactly as 'train' divides them. */
    private List<Review> part(final List<Review> reviews) {
        return switch (split) {
            case "all" -> reviews;
            case "validation" -> Splits.trainValidation(reviews, validationFraction, seed).validation();
            case "train" -> Splits.trainValidation(reviews, validationFraction, seed).train();
            default -> throw new UsageException("invalid value '" + split + "' for --split: expected all, validation "
                    + "or train");
        };
    }
}
