package io.sentimentstreams.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.console.LinePlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one streaming demo run: what was produced, scored, dead-lettered and learned, throughput, end-to-end latency
 * and accuracy, and the model version of each instance. Accuracies are in [0, 1]; a latency or accuracy not
 * measured (nothing scored, no training step yet) is null, shown as a dash. The guards' events (rejected steps,
 * rollbacks, reviews scored NaN, drifts, promotions, held candidates) are counted with or without a scenario.
 */
public record DemoReport(String data, long produced, long producedLabeled, long badEvents, long scored, long duplicates,
                  long missing, long deadLettered, long learned, double seconds, double throughputPerSec,
                  Double latencyP50Ms, Double latencyP99Ms, Double prequentialAccuracy, Double scoringAccuracy,
                  Map<String, Long> modelVersions, String scenario, long rejectedSteps, long rollbacks,
                  long nanScores, long driftEvents, long promotions, long heldCandidates) {

    /** {@code value}, or null when it is NaN (not measured). */
    static Double measured(final double value) {
        return Double.isNaN(value) ? null : value;
    }

    /**
     * Per-second samples for the report's curves: latency p50/p99 in ms and prequential accuracy, and the accuracy
     * again at each second in which a guard's event happened (NaN elsewhere), to mark the events on its curve.
     */
    record Curves(double[] latencyP50Ms, double[] latencyP99Ms, double[] prequentialAccuracy, double[] events) {
    }

    /** Prints the summary for a person. */
    void print(final PrintWriter out) {
        out.println("demo summary");
        out.printf(Locale.ROOT, "  data:                 %s%n", data);
        out.printf(Locale.ROOT, "  produced:             %d reviews to score, %d labeled reviews, %d bad events%n",
                produced, producedLabeled, badEvents);
        out.printf(Locale.ROOT, "  scored:               %d (missing %d, duplicates %d)%n", scored, missing,
                duplicates);
        out.printf(Locale.ROOT, "  dead-lettered:        %d%n", deadLettered);
        out.printf(Locale.ROOT, "  learned:              %d labeled reviews (online, in mini-batches)%n", learned);
        out.printf(Locale.ROOT, "  throughput:           %.1f reviews scored/s over %.1f s%n", throughputPerSec,
                seconds);
        out.printf(Locale.ROOT, "  latency (end to end): p50 %s ms, p99 %s ms%n", shown("%.0f", latencyP50Ms),
                shown("%.0f", latencyP99Ms));
        out.printf(Locale.ROOT, "  prequential accuracy: %s (trainer: each labeled review scored, then learned)%n",
                shown("%.3f", prequentialAccuracy));
        out.printf(Locale.ROOT, "  scoring accuracy:     %s (scores against the withheld labels)%n",
                shown("%.3f", scoringAccuracy));
        out.printf(Locale.ROOT, "  model versions:       %s%n", modelVersions.entrySet().stream()
                .map(e -> e.getKey() + " v" + e.getValue()).collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "  guards:               %d steps rejected, %d NaN scores, %d drifts, %d candidates"
                + " held, %d rollbacks, %d promotions%s%n", rejectedSteps, nanScores, driftEvents, heldCandidates,
                rollbacks, promotions, scenario == null ? "" : " (scenario " + scenario + ")");
        out.flush();
    }

    private static String shown(final String pattern, final Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, pattern, value);
    }

    /** Writes this report as JSON to {@code file} and the curves as a PNG beside it ({@code file} with .png). */
    void write(final Path file, final Curves curves) {
        try {
            final Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
            writePlot(pngBeside(file), curves);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write the demo report " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code file} with its extension replaced by (or, without one, extended with) {@code .png}. */
    static Path pngBeside(final Path file) {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }

    private static void writePlot(final Path png, final Curves curves) {
        LinePlot.writeStacked(png, "Streaming demo, second by second", "second", List.of(
                new LinePlot.Panel("latency, produce to score read (ms)",
                        List.of(new LinePlot.Series("p50", curves.latencyP50Ms()),
                                new LinePlot.Series("p99", curves.latencyP99Ms())), false),
                new LinePlot.Panel("prequential accuracy",
                        List.of(new LinePlot.Series("accuracy", curves.prequentialAccuracy()),
                                new LinePlot.Series("guard event", curves.events(), true)), false)));
    }
}
