package io.sentimentstreams.app.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.model.Metrics;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.text.corpus.Corpus;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--model", converter = Converters.ExistingPath.class, required = true, paramLabel = "FILE", description = "A model file from 'train'.")
    private Path modelFile;

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

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final SentimentModel model = ModelFile.load(modelFile);
        final Corpus corpus = Corpora.readLabeled(data, onMalformed, spec.commandLine().getErr());
        final double[] positive = model.newScorer(batch).positiveProbabilities(
                corpus.reviews().stream().map(Review::text).toList());
        final Metrics m = Metrics.of(positive, corpus.reviews().stream().mapToInt(Review::label).toArray());
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
            node.put("model", modelFile.toString());
            node.put("data", data.toString());
            out.println(mapper.writeValueAsString(node));
        } else {
            out.printf(Locale.ROOT, "%s on %s%n", modelFile, data);
            out.println(TrainCommand.describe(m));
            out.println("confusion matrix (rows: actual, columns: predicted)");
            out.printf(Locale.ROOT, "              negative  positive%n");
            out.printf(Locale.ROOT, "  negative  %9d %9d%n", m.trueNegatives(), m.falsePositives());
            out.printf(Locale.ROOT, "  positive  %9d %9d%n", m.falseNegatives(), m.truePositives());
        }
        return 0;
    }
}
