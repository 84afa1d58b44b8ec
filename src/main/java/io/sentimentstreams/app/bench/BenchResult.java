package io.sentimentstreams.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.console.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one {@code bench-stream} run, as printed and as written with {@code --json}.
 *
 * @param data                where the reviews came from
 * @param reviews             reviews per phase
 * @param batch               {@code scoring.batch.max.records}, the batch size of both the in-process scorer and
 *                            the instance
 * @param partitions          partitions of the reviews and scores topics
 * @param guarantee           the instance's {@code processing.guarantee}
 * @param inProcessPerSec     reviews/s of the model's scorer in one JVM, text to probability
 * @param capacityPerSec      reviews/s scored through Kafka at steady state, as fast as the instance takes them
 * @param ratio               capacity / in-process
 * @param loadPerSec          the paced rate of the latency and restart phases: half the capacity, or --rate
 * @param p50Ms               median end-to-end latency at that rate: event time to a read_committed consumer
 * @param p99Ms               99th percentile of the same
 * @param p50ScoredMs         median time from event time to the score's {@code scoredTime}, when the instance
 *                            forwarded it (the rest of the latency is its commit and the consumer)
 * @param p99ScoredMs         99th percentile of the same
 * @param stagesMs            where that time went inside the instance, by stage of scoring (wait, queue, score,
 *                            forward), from its metrics at the end of the latency phase (their sample windows:
 *                            the last 10 to 20 s); empty when they could not be read
 * @param restartToScoringMs  from SIGKILL of the instance to the first score of its replacement read; null when
 *                            not measured
 * @param missing             reviews sent and never scored
 * @param duplicates          reviews scored more than once (each extra score counts)
 * @param cpus                processors of the machine
 * @param loadAverageBefore   the system load average (1 min) when the benchmark started
 * @param loadAverageAfter    the same when it ended
 * @param settings            the instance's settings given on the command line, and static membership
 * @param startupArchive      whether the instances started with a startup archive ({@code startup-archive}): the
 *                            classes of {@code run} mapped from it rather than loaded from the jar
 */
public record BenchResult(String data, int reviews, int batch, int partitions, String guarantee, double inProcessPerSec,
                   double capacityPerSec, double ratio, double loadPerSec, double p50Ms, double p99Ms,
                   double p50ScoredMs, double p99ScoredMs, Map<String, StageTimes> stagesMs,
                   Long restartToScoringMs, long missing, long duplicates, int cpus, double loadAverageBefore,
                   double loadAverageAfter, Map<String, String> settings, boolean startupArchive) {

    /** Prints the summary for a person. */
    void print(final PrintWriter out) {
        out.println("bench-stream summary");
        out.printf(Locale.ROOT, "  data:                %s, %d reviews per phase%n", data, reviews);
        out.printf(Locale.ROOT, "  in-process:          %.1f reviews/s (the model's scorer, batches of %d, one "
                + "thread)%n", inProcessPerSec, batch);
        out.printf(Locale.ROOT, "  capacity:            %.1f reviews/s through Kafka, one instance (%s, %d "
                + "partitions)%n", capacityPerSec, guarantee, partitions);
        out.printf(Locale.ROOT, "  ratio:               %.2f (capacity / in-process)%n", ratio);
        out.printf(Locale.ROOT, "  latency at %.0f/s:   p50 %.0f ms, p99 %.0f ms (event time to read_committed "
                + "consumer)%n", loadPerSec, p50Ms, p99Ms);
        out.printf(Locale.ROOT, "                       p50 %.0f ms, p99 %.0f ms of it until the instance forwarded "
                + "the score%n", p50ScoredMs, p99ScoredMs);
        if (!stagesMs.isEmpty()) {
            final StringBuilder stages = new StringBuilder();
            stagesMs.forEach((stage, times) -> stages.append(String.format(Locale.ROOT, "%s%s p50 %.0f, p99 %.0f",
                    stages.length() == 0 ? "" : "; ", stage, times.p50Ms(), times.p99Ms())));
            out.printf(Locale.ROOT, "                       in the instance, ms: %s%n", stages);
        }
        out.printf(Locale.ROOT, "  restart:             %s%n", restartToScoringMs == null ? "not measured"
                : restartToScoringMs + " ms from SIGKILL to the replacement's first score"
                        + (startupArchive ? " (instances started with a startup archive)" : " (no startup archive)"));
        out.printf(Locale.ROOT, "  exactly once:        missing %d, duplicates %d%n", missing, duplicates);
        out.printf(Locale.ROOT, "  machine:             %d cpus, load average %.2f before, %.2f after%n", cpus,
                loadAverageBefore, loadAverageAfter);
        out.flush();
    }

    /** Writes this result as JSON to {@code file}. */
    void write(final Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Fails at once, not after the benchmark, when {@code file} cannot be written. */
    static void checkWritable(final Path file) {
        if (Files.isDirectory(file)) {
            throw new UserException("--json " + file + " is a directory; give a file name, such as "
                    + file.resolve("bench.json"));
        }
        final Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (final IOException e) {
            throw new UserException("--json " + file + ": cannot create the directory " + parent + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
            throw new UserException("--json " + file + ": not writable");
        }
    }
}
