package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.model.TextScorer;
import io.sentimentstreams.model.TextScorers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code score}: one text per line on stdin, one probability of positive per line on stdout. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Reads one review per line on stdin and prints, for each, the probability that it is positive.",
                "Lines are scored in batches; output order is input order."})
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", converter = Converters.ExistingPath.class, required = true, paramLabel = "FILE", description = "A model file from 'train'.")
    private Path modelFile;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Lines scored together in one forward pass (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        final TextScorer scorer = TextScorers.load(modelFile, batch);
        final PrintWriter out = spec.commandLine().getOut();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final List<String> pending = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            pending.add(line);
            if (pending.size() == batch) {
                flush(scorer, pending, out);
            }
        }
        flush(scorer, pending, out);
        return 0;
    }

    private static void flush(final TextScorer scorer, final List<String> pending, final PrintWriter out) {
        for (final double p : scorer.positiveProbabilities(pending)) {
            out.println(String.format(Locale.ROOT, "%.6f", p));
        }
        out.flush();
        pending.clear();
    }
}
