package io.sentimentstreams.app.demo;

import io.sentimentstreams.app.console.LinePlot;
import io.sentimentstreams.app.console.StopSignal;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.download.DataCache;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.app.service.ProcessorInstance;
import io.sentimentstreams.stream.StreamMetrics;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.Review;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The streaming demo: an embedded broker, two processor instances in this JVM, a producer of labeled and unlabeled
 * reviews (and a few bad events), and a reader of scores and dead letters that prints progress once a second. Ends
 * when every review produced has been scored and every labeled one learned (or when nothing has moved on for
 * {@value #STALL_SECONDS} s), or on Ctrl-C with
 * {@code --follow}; then prints a summary and closes the instances, then the broker.
 */
public final class StreamingDemo {

    /** What the command line asks for. */
    /**
     * @param bootstrapServers brokers to use instead of an embedded one; null starts an embedded broker
     * @param topicPrefix      prefix of the topics and the application id
     */
    /**
     * @param scenario         what to do to the stream and which guard events must follow; null for none
     * @param driftData        with the drift scenario, the labeled reviews of the other domain; null for the
     *                         synthetic reviews in another vocabulary
     */
    record Options(DemoData.Source data, int reviews, double rate, boolean follow, Path report, Path logFile,
                   String bootstrapServers, String topicPrefix, DemoScenario scenario, List<Review> driftData) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final long STALL_SECONDS = 60;
    private static final long DRAIN_SECONDS = 30;
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final List<String> INSTANCE_IDS = List.of("instance-1", "instance-2");

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private long stopRequestedNanos;
    private long lastProgress;
    private long lastProgressNanos;
    private boolean tampered;
    private long lastServing;
    private long lastEvents;

    StreamingDemo(final Options options, final PrintWriter out, final PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int run() {
        checkReportPath();
        final List<Review> reviews = reviews();
        final List<Review> plainLabeled = reviews.subList(0, Math.min(options.reviews(), reviews.size()));
        final List<Review> plainUnlabeled = options.data().synthetic()
                ? reviews.subList(plainLabeled.size(), reviews.size()) : plainLabeled;
        final List<Review> labeled = options.scenario() == null ? plainLabeled
                : options.scenario().labeled(plainLabeled, options.driftData());
        final List<Review> unlabeled = options.scenario() == null ? plainUnlabeled
                : options.scenario().unlabeled(plainUnlabeled);
        final Path logFile = logFile();
        final Path stateRoot = createTempDirectory();
        try (StopSignal stop = new StopSignal(() -> { })) {   // first opened, last closed: clean-up included
            try (DemoLogging logging = DemoLogging.toFile(logFile)) {
                err.println("logs: " + logFile + " (here: progress, warnings and errors)");
                if (options.bootstrapServers() == null) {
                    err.println("starting an embedded Kafka broker ...");
                    err.flush();
                }
                try (EmbeddedKafka kafka = options.bootstrapServers() == null ? EmbeddedKafka.start() : null) {
                    final String brokers = kafka == null ? options.bootstrapServers() : kafka.bootstrapServers();
                    final StreamsSettings first = settings(brokers, stateRoot, INSTANCE_IDS.get(0));
                    if (kafka == null) {
                        KafkaClients.requireBrokers(first, CONNECT_TIMEOUT);
                    }
                    EmbeddedKafka.createTopics(brokers, first, 2);
                    err.println("broker up at " + brokers + "; topics " + String.join(", ",
                            first.topics().all()) + "; starting two instances of the processor ...");
                    err.flush();
                    final DemoReport report = runInstances(brokers, stateRoot, labeled, unlabeled, stop);
                    return exitCode(report);
                }
            } finally {
                deleteQuietly(stateRoot);
            }
        }
    }

    /** 0 when nothing was lost or duplicated and the scenario's events happened; else 1, with the reason. */
    private int exitCode(final DemoReport report) {
        final String problem = report.missing() > 0 ? report.missing() + " reviews were neither scored nor"
                + " dead-lettered" : report.duplicates() > 0 ? report.duplicates() + " reviews were scored twice"
                : options.scenario() == null ? null : options.scenario().judge(new DemoScenario.Events(
                        report.rejectedSteps(), report.rollbacks(), report.nanScores(), report.driftEvents(),
                        report.promotions(), report.heldCandidates())).orElse(null);
        if (problem == null) {
            return 0;
        }
        err.println("failed: " + problem);
        err.flush();
        return 1;
    }

    /** Fails at once, not after the workload, when {@code --report} cannot be written. */
    private void checkReportPath() {
        if (options.report() != null) {
            checkWritableFile("--report", options.report());
            LinePlot.prepare();
        }
    }

    /** A file {@code flag} names must be a file, not a directory, in a directory that exists (or can be made). */
    private static void checkWritableFile(final String flag, final Path file) {
        if (Files.isDirectory(file)) {
            throw new UsageException(flag + " " + file + " is a directory; give a file name, such as "
                    + file.resolve(flag.equals("--report") ? "demo.json" : "demo.log"));
        }
        final Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (final IOException e) {
            throw new UsageException(flag + " " + file + ": cannot create the directory " + parent + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
            throw new UsageException(flag + " " + file + ": not writable");
        }
    }

    /** {@code --log-file}, else a new file in the temporary directory; it is kept after the demo. */
    private Path logFile() {
        if (options.logFile() != null) {
            checkWritableFile("--log-file", options.logFile());
            return options.logFile();
        }
        try {
            return Files.createTempFile("sentiment-demo-", ".log");
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create the demo's log file: " + e.getMessage(), e);
        }
    }

    private DemoReport runInstances(final String brokers, final Path stateRoot, final List<Review> labeled,
                                    final List<Review> unlabeled, final StopSignal stop) {
        final List<ProcessorInstance> instances = new ArrayList<>();
        try {
            for (final String id : INSTANCE_IDS) {
                instances.add(ProcessorInstance.start(settings(brokers, stateRoot, id)));
            }
            awaitRunning(instances, stop);
            err.printf(Locale.ROOT, "two instances running (%s); streaming %d labeled and %d unlabeled reviews at "
                    + "%.0f/s each%s%n", String.join(", ", INSTANCE_IDS), labeled.size(), unlabeled.size(),
                    options.rate(), options.follow() ? ", until Ctrl-C" : "");
            err.flush();
            return stream(brokers, instances, labeled, unlabeled, stop);
        } finally {
            closeAll(instances);
        }
    }

    private DemoReport stream(final String bootstrap, final List<ProcessorInstance> instances, final List<Review> labeled,
                              final List<Review> unlabeled, final StopSignal stop) {
        final StreamsSettings.Topics topics = instances.get(0).settings().topics();
        final DemoProducer producer = new DemoProducer(bootstrap, topics, labeled, unlabeled, options.rate(),
                options.follow());
        final Thread producerThread = new Thread(producer, "demo-producer");
        final List<double[]> samples = new ArrayList<>();
        final long start = System.nanoTime();
        try (ScoreTally tally = new ScoreTally(bootstrap, topics, producer::sent)) {
            producerThread.start();
            long nextProgress = start + NANOS_PER_SECOND;
            long lastScored = 0;
            while (!finished(producer, tally, instances, stop, start)) {
                tally.poll();
                tamperIfDue(labeled.size(), instances);
                instances.forEach(ProcessorInstance::checkHealthy);
                if (System.nanoTime() >= nextProgress) {
                    nextProgress += NANOS_PER_SECOND;
                    lastScored = progress(instances, tally, samples, start, lastScored);
                }
            }
            producer.stop();
            join(producerThread);
            final DemoReport report = report(producer, tally, instances, start);
            report.print(out);
            writeReport(report, samples);
            return report;
        } finally {
            producer.stop();
            producer.close();
        }
    }

    private void writeReport(final DemoReport report, final List<double[]> samples) {
        if (options.report() == null) {
            return;
        }
        final DemoReport.Curves curves = new DemoReport.Curves(column(samples, 0), column(samples, 1),
                column(samples, 2), column(samples, 3));
        report.write(options.report(), curves);
        err.printf(Locale.ROOT, "report written to %s and %s%n", options.report(),
                DemoReport.pngBeside(options.report()));
        err.flush();
    }

    private boolean finished(final DemoProducer producer, final ScoreTally tally,
                             final List<ProcessorInstance> instances, final StopSignal stop, final long start) {
        if (stop.requested()) {
            return drained(producer, tally);
        }
        if (options.follow()) {
            return false;
        }
        if (producer.done() && allScored(producer, tally) && allLearned(producer, instances)) {
            return true;
        }
        if (stalled(tally, instances)) {
            err.printf(Locale.ROOT, "stopping: nothing was scored or learned for %d s%n", STALL_SECONDS);
            return true;
        }
        return false;
    }

    /** Whether neither scoring nor training has moved on for {@value #STALL_SECONDS} s. */
    private boolean stalled(final ScoreTally tally, final List<ProcessorInstance> instances) {
        final long progress = tally.scored() + tally.deadLettered() + learned(instances);
        final long now = System.nanoTime();
        if (progress != lastProgress || lastProgressNanos == 0) {
            lastProgress = progress;
            lastProgressNanos = now;
        }
        return now - lastProgressNanos > TimeUnit.SECONDS.toNanos(STALL_SECONDS);
    }

    /**
     * After Ctrl-C or SIGTERM: stops the producer, then waits (at most {@value #DRAIN_SECONDS} s) until what it
     * produced has been scored, so the summary counts a finished workload.
     */
    private boolean drained(final DemoProducer producer, final ScoreTally tally) {
        if (stopRequestedNanos == 0) {
            stopRequestedNanos = System.nanoTime();
            producer.stop();
            err.println("stopping: no more reviews; waiting for those produced to be scored ...");
            err.flush();
        }
        if (!producer.done()) {
            return false;
        }
        if (System.nanoTime() - stopRequestedNanos > TimeUnit.SECONDS.toNanos(DRAIN_SECONDS)) {
            err.printf(Locale.ROOT, "stopping: not every review was scored within %d s of the stop%n", DRAIN_SECONDS);
            return true;
        }
        return allScored(producer, tally);
    }

    /** Whether the trainer has learned every full mini-batch of the labeled reviews produced. */
    private static boolean allLearned(final DemoProducer producer, final List<ProcessorInstance> instances) {
        final long batch = instances.get(0).settings().trainingBatchSize();
        return learned(instances) >= producer.producedLabeled() / batch * batch;
    }

    /**
     * Labeled reviews the trainer has been through so far, by whichever instance trains: those of the steps it took
     * and of the steps it undid as not finite (the numeric guard), since both are done with.
     */
    private static long learned(final List<ProcessorInstance> instances) {
        return instances.stream().mapToLong(i -> (i.trainingSteps()
                + i.metricTotal(StreamMetrics.TRAINING_STEPS_REJECTED_TOTAL)) * i.settings().trainingBatchSize()).sum();
    }

    private static boolean allScored(final DemoProducer producer, final ScoreTally tally) {
        return tally.scored() + tally.nanScores() >= producer.producedUnlabeled()
                && tally.deadLettered() - tally.nanScores() >= producer.producedBad();
    }

    /**
     * {@code poison}: publishes the tampered model once the trainer has been through
     * {@value DemoScenario#TAMPER_AT} of the labeled reviews, so that a version judged while it served can be rolled
     * back to; and just after the trainer published a version, so that it sees the tampered one long before its
     * next snapshot.
     */
    private void tamperIfDue(final int labeled, final List<ProcessorInstance> instances) {
        final long serving = instances.get(0).modelVersion();
        final boolean justPublished = serving != lastServing;
        lastServing = serving;
        if (options.scenario() != DemoScenario.POISON || tampered || !justPublished
                || learned(instances) < DemoScenario.TAMPER_AT * labeled) {
            return;
        }
        tampered = true;
        final ProcessorInstance first = instances.get(0);
        final long version = DemoScenario.publishTampered(first.settings(), first.registry().current());
        err.printf(Locale.ROOT, "poison: published a tampered model as version %d (finite weights, but '%s'"
                + " explodes through it)%n", version, DemoScenario.TRIGGER);
        err.flush();
    }

    /** Guard events so far, summed over the instances. */
    private static long events(final List<ProcessorInstance> instances) {
        return instances.stream().mapToLong(i -> i.metricTotal(StreamMetrics.TRAINING_STEPS_REJECTED_TOTAL)
                + i.metricTotal(StreamMetrics.ROLLBACKS_TOTAL) + i.metricTotal(StreamMetrics.DRIFT_DETECTED_TOTAL)
                + i.metricTotal(StreamMetrics.PROMOTIONS_TOTAL) + i.metricTotal(StreamMetrics.CANDIDATES_HELD_TOTAL))
                .sum();
    }

    private static long total(final List<ProcessorInstance> instances, final String metric) {
        return instances.stream().mapToLong(i -> i.metricTotal(metric)).sum();
    }

    private long progress(final List<ProcessorInstance> instances, final ScoreTally tally, final List<double[]> samples,
                          final long start, final long lastScored) {
        final double[] window = tally.windowLatencyMs(0.5, 0.99);
        final double accuracy = prequentialAccuracy(instances);
        final long events = events(instances);
        samples.add(new double[] {window[0], window[1], accuracy,
                events > lastEvents ? (Double.isNaN(accuracy) ? 0.5 : accuracy) : Double.NaN});
        lastEvents = events;
        err.printf(Locale.ROOT, "[%3d s] scored %6d (%4d/s)  latency p50 %s p99 %s  learned %6d  accuracy %s  "
                        + "models %s  dead letters %d%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), tally.scored(),
                tally.scored() - lastScored, format("%5.0f ms", window[0]), format("%5.0f ms", window[1]),
                learned(instances), format("%.3f", accuracy),
                instances.stream().map(i -> i.id() + " v" + i.modelVersion()).collect(Collectors.joining(", ")),
                tally.deadLettered());
        err.flush();
        return tally.scored();
    }

    /** {@code value} formatted, or a dash padded to the same width when it is not a number yet. */
    private static String format(final String pattern, final double value) {
        final String shown = String.format(Locale.ROOT, pattern, 0.0);
        return Double.isNaN(value) ? " ".repeat(Math.max(0, shown.length() - 1)) + "-"
                : String.format(Locale.ROOT, pattern, value);
    }

    /** The trainer's prequential accuracy, NaN before its first training step. */
    private static double prequentialAccuracy(final List<ProcessorInstance> instances) {
        return instances.stream().map(ProcessorInstance::prequentialAccuracy).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).findFirst().orElse(Double.NaN);
    }

    private DemoReport report(final DemoProducer producer, final ScoreTally tally,
                              final List<ProcessorInstance> instances, final long start) {
        final double seconds = Math.max(1e-3, (Math.max(tally.lastScoreNanos(), start) - start) / 1e9);
        final Map<String, Long> versions = new LinkedHashMap<>();
        instances.forEach(i -> versions.put(i.id(), i.modelVersion()));
        return new DemoReport(options.data().describe(),
                producer.producedUnlabeled(), producer.producedLabeled(), producer.producedBad(), tally.scored(),
                tally.duplicates(), Math.max(0, producer.producedUnlabeled() - tally.scored() - tally.nanScores()),
                tally.deadLettered(), learned(instances), seconds, tally.scored() / seconds,
                DemoReport.measured(tally.latencyQuantileMs(0.5)), DemoReport.measured(tally.latencyQuantileMs(0.99)),
                DemoReport.measured(prequentialAccuracy(instances)), DemoReport.measured(tally.scoringAccuracy()),
                versions, options.scenario() == null ? null : options.scenario().name().toLowerCase(Locale.ROOT),
                total(instances, StreamMetrics.TRAINING_STEPS_REJECTED_TOTAL),
                total(instances, StreamMetrics.ROLLBACKS_TOTAL), tally.nanScores(),
                total(instances, StreamMetrics.DRIFT_DETECTED_TOTAL), total(instances, StreamMetrics.PROMOTIONS_TOTAL),
                total(instances, StreamMetrics.CANDIDATES_HELD_TOTAL));
    }

    private List<Review> reviews() {
        if (!options.data().synthetic()) {
            final List<Review> all = DemoData.labeled(options.data(), options.reviews(), err);
            err.printf(Locale.ROOT, "data: %s (%d labeled reviews; each is also sent for scoring, label withheld)%n",
                    options.data().describe(), all.size());
            return all;
        }
        err.printf(Locale.ROOT, "data: %d built-in synthetic labeled reviews and %d synthetic reviews to score (%s)%n",
                options.reviews(), options.reviews(), options.data().syntheticReason());
        return SyntheticReviews.generate(2 * options.reviews(), 7);
    }

    /**
     * A small, fast model that learns quickly, one scoring stream thread (the trainer runs on a client and thread of
     * its own); topics and application id under the prefix.
     */
    private StreamsSettings settings(final String brokers, final Path stateRoot, final String instanceId) {
        final Map<String, String> values = new java.util.HashMap<>(Map.of(
                StreamsSettings.MODEL_EMBEDDING, "32",
                StreamsSettings.MODEL_HIDDEN, "32",
                StreamsSettings.MODEL_HASHING_BUCKETS, "8192",
                StreamsSettings.TRAINING_BATCH_SIZE, "32",
                StreamsSettings.TRAINING_LEARNING_RATE, "0.01", // learns visibly within a few thousand reviews
                StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "10",
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
        if (options.scenario() != null) {
            values.putAll(options.scenario().settings());
        }
        return EmbeddedKafka.applicationSettings(brokers, options.topicPrefix(), stateRoot.resolve(instanceId),
                instanceId, values);
    }

    private static void awaitRunning(final List<ProcessorInstance> instances, final StopSignal stop) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!stop.requested() && !instances.stream().allMatch(ProcessorInstance::running)) {
            instances.forEach(ProcessorInstance::checkHealthy);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The instances did not start within " + START_TIMEOUT_SECONDS
                        + " s.");
            }
            sleepQuietly(50);
        }
    }

    private void closeAll(final List<ProcessorInstance> instances) {
        err.println("closing the instances, then the broker ...");
        err.flush();
        for (final ProcessorInstance instance : instances) {
            instance.close();
        }
    }

    private static void join(final Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double[] column(final List<double[]> rows, final int index) {
        return rows.stream().mapToDouble(r -> r[index]).toArray();
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("sentiment-demo");
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private void deleteQuietly(final Path root) {
        try {
            FileUtils.deleteDirectory(root.toFile());
        } catch (final IOException e) {
            err.println("warning: could not delete the demo's state in " + root + ": " + DataCache.describe(e));
        }
    }
}
