package io.sentimentstreams.app.bench;

import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.demo.DemoData;
import io.sentimentstreams.app.demo.DemoLogging;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.app.download.DataCache;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.app.offline.Corpora;
import io.sentimentstreams.app.service.StartupArchive;
import io.sentimentstreams.model.Scorer;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming benchmark: the same reviews scored in this JVM by the model's {@link Scorer} and through Kafka by
 * one processor instance ({@code run} in a JVM of its own), on the embedded broker or a given one. Phases:
 * <ol>
 *   <li>in-process: every review scored in batches of {@code scoring.batch.max.records} on one native thread, after
 *       a warm-up pass;</li>
 *   <li>warm-up: the instance starts and scores a few thousand reviews (its JIT compiles the hot code);</li>
 *   <li>capacity: every review sent as fast as the instance takes them, with at most {@code --in-flight} sent and
 *       not yet scored; capacity is the rate at which scores are read between 20 % and 95 % of them;</li>
 *   <li>latency: every review sent again, paced at half that capacity (or at {@code --rate}); latency is from a
 *       review's event time (its send time) to the moment a {@code read_committed} consumer reads its score;</li>
 *   <li>restart: reviews keep flowing at the same rate, the instance is killed with SIGKILL and a replacement
 *       starts on the same state directory; the time from the kill to the first score of the replacement read, and
 *       whether every review of the phase ends up scored exactly once.</li>
 * </ol>
 */
public final class StreamBenchmark {

    /** What the command line asks for; {@code warmUp} and {@code rate} 0 for their defaults. */
    record Options(DemoData.Source data, int reviews, String bootstrapServers, int partitions, int inFlight,
                   int warmUp, double rate, boolean restart, Map<String, String> overrides, List<String> javaOptions,
                   Path logDir, Path json, int producerLingerMs, boolean startupArchive) {
    }

    static final double LOAD_SHARE = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(StreamBenchmark.class);

    private static final double WINDOW_FROM = 0.20;
    private static final double WINDOW_TO = 0.95;
    private static final int MAX_WARM_UP_REVIEWS = 2_000;
    private static final long SHUFFLE_SEED = 7;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration BEFORE_KILL = Duration.ofSeconds(3);
    private static final Duration AFTER_RESTART = Duration.ofSeconds(3);
    private static final String GROUP_INSTANCE_ID = "group.instance.id";
    private static final String METRICS_SAMPLE_WINDOW_MS = "metrics.sample.window.ms";
    /** The instance's metric sample window: its stage times are read over the last two. */
    static final Duration STAGE_WINDOW = Duration.ofSeconds(10);

    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<InstanceProcess> processes = Collections.synchronizedList(new ArrayList<>());
    /** The instances' startup archive, or null when they start without one. */
    private Path archive;

    StreamBenchmark(final Options options, final PrintWriter out, final PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int run() throws InterruptedException {
        if (options.json() != null) {
            BenchResult.checkWritable(options.json());
        }
        final List<String> texts = texts();
        final Path work = createTempDirectory("sentiment-bench-state-");
        final Path logs = options.logDir() != null ? createDirectories(options.logDir())
                : createTempDirectory("sentiment-bench-logs-");
        final Thread killChildren = new Thread(() -> processes.forEach(InstanceProcess::close), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(killChildren);
        err.println("logs: " + logs + " (this JVM's, the broker's included, and each instance's)");
        err.flush();
        if (options.startupArchive()) {
            archive = startupArchive(work);
        }
        try (DemoLogging logging = DemoLogging.toFile(logs.resolve("bench.log"))) {
            final BenchResult result = options.bootstrapServers() == null ? onEmbeddedBroker(texts, work, logs)
                    : onBroker(options.bootstrapServers(), texts, work, logs);
            result.print(out);
            if (options.json() != null) {
                result.write(options.json());
                err.println("results written to " + options.json());
                err.flush();
            }
            return result.missing() == 0 && result.duplicates() == 0 ? 0 : 1;
        } finally {
            processes.forEach(InstanceProcess::close);
            Runtime.getRuntime().removeShutdownHook(killChildren);
            deleteQuietly(work);
        }
    }

    private BenchResult onEmbeddedBroker(final List<String> texts, final Path work, final Path logs)
            throws InterruptedException {
        err.println("starting an embedded Kafka broker ...");
        err.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            return onBroker(kafka.bootstrapServers(), texts, work, logs);
        }
    }

    private BenchResult onBroker(final String bootstrap, final List<String> texts, final Path work,
                                 final Path logs) throws InterruptedException {
        final String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final Map<String, String> common = commonSettings(prefix, work);
        final StreamsSettings settings = settingsOf(bootstrap, common, "bench-1");
        EmbeddedKafka.createTopics(bootstrap, settings, options.partitions());
        err.printf(Locale.ROOT, "broker at %s; topics %s with %d partitions for reviews and scores%n", bootstrap,
                String.join(", ", settings.topics().all()), options.partitions());
        final double loadBefore = loadAverage();
        final double inProcess = inProcessPerSec(settings, texts);
        err.printf(Locale.ROOT, "in-process: %.1f reviews/s (Scorer, batches of %d, 1 native thread)%n", inProcess,
                settings.scoringBatchMaxRecords());
        err.flush();
        try (BenchScores scores = new BenchScores(bootstrap, settings.topics().scores());
             BenchProducer producer = new BenchProducer(bootstrap, settings.topics().reviews(), texts,
                     options.producerLingerMs())) {
            scores.start();
            InstanceProcess instance = startInstance(bootstrap, common, "bench-1", logs);
            warmUp(scores, producer, instance, settings);
            final double capacity = capacity(scores, producer, instance);
            final double rate = options.rate() > 0 ? options.rate() : LOAD_SHARE * capacity;
            final double[] latency = latency(scores, producer, instance, rate);
            final Map<String, StageTimes> stages = stages(instance);
            Long restartMs = null;
            long missing = 0;
            if (options.restart()) {
                final Restart restart = restart(scores, producer, instance, rate, bootstrap, common, logs);
                instance = restart.replacement();
                restartMs = restart.millis();
                missing = restart.sent() - scores.scored("r");
            }
            final boolean clean = instance.stop();
            if (!clean) {
                err.println("warning: the instance did not stop within 30 s of SIGTERM and was killed");
            }
            return new BenchResult(options.data().describe(), texts.size(), settings.scoringBatchMaxRecords(),
                    options.partitions(), settings.processingGuarantee(), round(inProcess), round(capacity),
                    round(capacity / inProcess), round(rate), latency[0], latency[1], latency[2], latency[3], stages,
                    restartMs, missing, duplicates(scores), Runtime.getRuntime().availableProcessors(),
                    round(loadBefore), round(loadAverage()), settingsShown(), archive != null);
        }
    }

    /**
     * Settings of the instance beside the processor's defaults: its own application id and topics under
     * {@code prefix}, its state directory, any free port for its HTTP endpoints, metric sample windows of
     * {@link #STAGE_WINDOW} (for its stage times), static membership (a replacement
     * with the same {@code group.instance.id} takes over the killed member's tasks without waiting for its session to
     * time out), then {@code --set}.
     */
    private Map<String, String> commonSettings(final String prefix, final Path stateDir) {
        final Map<String, String> values = new LinkedHashMap<>();
        values.put(StreamsSettings.APPLICATION_ID, prefix + "-app");
        values.put(StreamsSettings.STATE_DIR, stateDir.toString());
        values.put(StreamsSettings.TOPICS_REVIEWS, prefix + "-reviews");
        values.put(StreamsSettings.TOPICS_LABELED_REVIEWS, prefix + "-labeled-reviews");
        values.put(StreamsSettings.TOPICS_SCORES, prefix + "-scores");
        values.put(StreamsSettings.TOPICS_MODELS, prefix + "-models");
        values.put(StreamsSettings.TOPICS_DEAD_LETTERS, prefix + "-dead-letters");
        values.put(StreamsSettings.TOPICS_MODEL_EVENTS, prefix + "-model-events");
        values.put(StreamsSettings.HTTP_PORT, "0");
        values.put(METRICS_SAMPLE_WINDOW_MS, Long.toString(STAGE_WINDOW.toMillis()));
        values.put(GROUP_INSTANCE_ID, prefix + "-instance");
        values.putAll(options.overrides());
        return values;
    }

    private static StreamsSettings settingsOf(final String bootstrap, final Map<String, String> common,
                                              final String instanceId) {
        final Map<String, String> values = new LinkedHashMap<>(instanceSettings(common, instanceId));
        values.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrap);
        return StreamsSettings.of(values);
    }

    private static Map<String, String> instanceSettings(final Map<String, String> common, final String instanceId) {
        final Map<String, String> values = new LinkedHashMap<>(common);
        values.put(StreamsSettings.INSTANCE_ID, instanceId);
        return values;
    }

    /** The settings worth reporting: what differs from the defaults, without names that change every run. */
    private Map<String, String> settingsShown() {
        final Map<String, String> shown = new LinkedHashMap<>(options.overrides());
        shown.put(GROUP_INSTANCE_ID, "(set: static membership)");
        return shown;
    }

    /**
     * Makes the instances' startup archive, as the image does at build time, from this JVM's class path; null, with
     * the reason said, when it cannot (a class path of directories, as in the project's tests).
     */
    private Path startupArchive(final Path work) {
        err.println("startup archive: a training run writes the classes the instance loads ...");
        err.flush();
        final Path file = work.resolve("instance.jsa");
        try {
            StartupArchive.create(file, System.getProperty("java.class.path", ""),
                    InstanceProcess.DEFAULT_JAVA_OPTIONS);
            return file;
        } catch (final UserException e) {
            err.println("startup archive: none, the instances load their classes from the class path (" + e.getMessage()
                    + ")");
            err.flush();
            return null;
        }
    }

    private InstanceProcess startInstance(final String bootstrap, final Map<String, String> common,
                                          final String instanceId, final Path logs) {
        final List<String> javaOptions = new ArrayList<>();
        if (archive != null) {
            javaOptions.add(StartupArchive.javaOption(archive));
        }
        javaOptions.addAll(options.javaOptions());
        final InstanceProcess process = InstanceProcess.start(bootstrap, instanceSettings(common, instanceId),
                javaOptions, logs.resolve(instanceId + ".log"));
        processes.add(process);
        return process;
    }

    /** Reviews/s of the model's own scorer on these texts, after one warm-up pass over (up to 2,000 of) them. */
    private double inProcessPerSec(final StreamsSettings settings, final List<String> texts) {
        err.printf(Locale.ROOT, "scoring %d reviews in this JVM ...%n", texts.size());
        err.flush();
        NativeThreads.use(1);
        final SentimentModel model = settings.initialModel().create().forScoring();  // as the service scores
        final int batch = settings.scoringBatchMaxRecords();
        final Scorer scorer = model.newScorer(batch);
        scoreAll(scorer, texts.subList(0, Math.min(texts.size(), MAX_WARM_UP_REVIEWS)), batch);
        final long start = System.nanoTime();
        scoreAll(scorer, texts, batch);
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void scoreAll(final Scorer scorer, final List<String> texts, final int batch) {
        for (int from = 0; from < texts.size(); from += batch) {
            scorer.positiveProbabilities(texts.subList(from, Math.min(texts.size(), from + batch)));
        }
    }

    private void warmUp(final BenchScores scores, final BenchProducer producer, final InstanceProcess instance,
                        final StreamsSettings settings) throws InterruptedException {
        final int count = options.warmUp() > 0 ? options.warmUp() : Math.min(MAX_WARM_UP_REVIEWS,
                Math.max(2 * settings.scoringBatchMaxRecords(), options.reviews() / 4));
        err.printf(Locale.ROOT, "starting the instance and warming it up with %d reviews ...%n", count);
        err.flush();
        closedLoop("w", count, scores, producer, instance, START_TIMEOUT);
    }

    /** Scores every review as fast as the instance takes them; the rate between 20 % and 95 % of the scores read. */
    private double capacity(final BenchScores scores, final BenchProducer producer, final InstanceProcess instance)
            throws InterruptedException {
        final int count = options.reviews();
        err.printf(Locale.ROOT, "capacity: %d reviews as fast as the instance takes them (at most %d in flight) ...%n",
                count, options.inFlight());
        err.flush();
        closedLoop("c", count, scores, producer, instance, DRAIN_TIMEOUT);
        final int from = (int) Math.floor(WINDOW_FROM * (count - 1));
        final int to = (int) Math.ceil(WINDOW_TO * (count - 1));
        final double seconds = (scores.readNanos("c", to) - scores.readNanos("c", from)) / 1e9;
        final double capacity = (to - from) / Math.max(seconds, 1e-3);
        err.printf(Locale.ROOT, "capacity: %.1f reviews/s%n", capacity);
        err.flush();
        return capacity;
    }

    private void closedLoop(final String phase, final int count, final BenchScores scores,
                            final BenchProducer producer, final InstanceProcess instance, final Duration timeout)
            throws InterruptedException {
        final Semaphore permits = new Semaphore(options.inFlight());
        scores.track(phase, permits);
        final ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            final Future<?> sent = sender.submit(() -> {
                producer.sendClosedLoop(phase, count, permits);
                return null;
            });
            awaitScored(scores, phase, count, instance, timeout);
            get(sent);
        } finally {
            sender.shutdownNow();
        }
    }

    /**
     * Sends every review again at {@code rate}; returns the latency p50 and p99 in ms, and those of the time until
     * the instance forwarded the score.
     */
    private double[] latency(final BenchScores scores, final BenchProducer producer, final InstanceProcess instance,
                             final double rate) throws InterruptedException {
        final int count = options.reviews();
        err.printf(Locale.ROOT, "latency: %d reviews at %.0f/s (%s) ...%n", count, rate,
                options.rate() > 0 ? "--rate" : "half the capacity");
        err.flush();
        scores.track("l", null);
        final ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            final Future<Integer> sent = sender.submit(() -> producer.sendPaced("l", count, rate,
                    new AtomicBoolean()));
            awaitScored(scores, "l", count, instance, DRAIN_TIMEOUT.plusSeconds((long) (count / rate)));
            get(sent);
        } finally {
            sender.shutdownNow();
        }
        final double[] quantiles = {scores.latencyQuantileMs("l", 0.5), scores.latencyQuantileMs("l", 0.99),
            scores.untilScoredQuantileMs("l", 0.5), scores.untilScoredQuantileMs("l", 0.99)};
        err.printf(Locale.ROOT, "latency: p50 %.0f ms, p99 %.0f ms (until forwarded by the instance: p50 %.0f ms, "
                + "p99 %.0f ms)%n", quantiles[0], quantiles[1], quantiles[2], quantiles[3]);
        err.flush();
        return quantiles;
    }

    /**
     * The instance's stage times of scoring at the end of the latency phase: Kafka's metrics keep two sample
     * windows of {@link #STAGE_WINDOW}, so they cover the last 10 to 20 s, the latency phase's (it lasts about
     * 20 s at the default --reviews). Empty, with a warning, when its /metrics cannot be read.
     */
    private Map<String, StageTimes> stages(final InstanceProcess instance) throws InterruptedException {
        final OptionalInt port = instance.httpPort();
        try {
            if (port.isPresent()) {
                return StageTimes.scrape(port.getAsInt());
            }
            err.println("warning: the instance's log names no HTTP port; its stage times are not reported");
        } catch (final IOException e) {
            err.println("warning: cannot read the instance's /metrics (" + e.getMessage() + "); its stage times are"
                    + " not reported");
        }
        return Map.of();
    }

    /** The replacement instance, the time from the kill to its first score read, and the reviews sent. */
    private record Restart(InstanceProcess replacement, long millis, int sent) {
    }

    private Restart restart(final BenchScores scores, final BenchProducer producer, final InstanceProcess instance,
                            final double rate, final String bootstrap, final Map<String, String> common,
                            final Path logs) throws InterruptedException {
        err.printf(Locale.ROOT, "restart: reviews at %.0f/s; the instance is killed with SIGKILL after %d s and a "
                + "replacement starts on the same state ...%n", rate, BEFORE_KILL.toSeconds());
        err.flush();
        scores.track("r", null);
        final AtomicBoolean stop = new AtomicBoolean();
        final ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            final Future<Integer> sent = sender.submit(() -> producer.sendPaced("r", Integer.MAX_VALUE, rate, stop));
            final int beforeKill = (int) Math.max(1, rate * BEFORE_KILL.toSeconds());
            awaitScored(scores, "r", beforeKill, instance, DRAIN_TIMEOUT);
            final long killed = System.nanoTime();
            instance.kill();
            LOG.info("The instance bench-1 was killed with SIGKILL ({} ms to reap); starting its replacement bench-2.",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
            final InstanceProcess replacement = startInstance(bootstrap, common, "bench-2", logs);
            if (!scores.await(() -> scores.firstReadNanos("bench-2") >= 0, START_TIMEOUT, replacement::isAlive)) {
                throw new IllegalStateException("The replacement did not score within " + START_TIMEOUT.toSeconds()
                        + " s of the kill; its log ends:\n" + replacement.tail(20));
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(scores.firstReadNanos("bench-2") - killed);
            LOG.info("The first score of bench-2 was read {} ms after the kill.", millis);
            err.printf(Locale.ROOT, "restart: the replacement's first score was read %d ms after the kill%n", millis);
            err.flush();
            TimeUnit.MILLISECONDS.sleep(AFTER_RESTART.toMillis());
            stop.set(true);
            final int count = get(sent);
            if (!scores.await(() -> scores.scored("r") >= count, DRAIN_TIMEOUT, replacement::isAlive)) {
                err.printf(Locale.ROOT, "restart: %d of the %d reviews sent are still not scored after %d s%n",
                        count - scores.scored("r"), count, DRAIN_TIMEOUT.toSeconds());
            }
            return new Restart(replacement, millis, count);
        } finally {
            stop.set(true);
            sender.shutdownNow();
        }
    }

    /** Waits until {@code count} reviews of {@code phase} are scored; fails with the instance's log if not. */
    private static void awaitScored(final BenchScores scores, final String phase, final int count,
                                    final InstanceProcess instance, final Duration timeout)
            throws InterruptedException {
        final boolean done;
        try {
            done = scores.await(() -> scores.scored(phase) >= count, timeout, instance::isAlive);
        } catch (final IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " Its log ends:\n" + instance.tail(20), e);
        }
        if (!done) {
            throw new IllegalStateException("Only " + scores.scored(phase) + " of " + count + " reviews were scored "
                    + "within " + timeout.toSeconds() + " s; the instance's log ends:\n" + instance.tail(20));
        }
    }

    /** Extra scores of a review, over all phases. */
    private long duplicates(final BenchScores scores) {
        long duplicates = 0;
        final List<String> phases = new ArrayList<>(List.of("w", "c", "l"));
        if (options.restart()) {
            phases.add("r");
        }
        for (final String phase : phases) {
            duplicates += scores.duplicates(phase);
        }
        return duplicates;
    }

    private List<String> texts() {
        final List<Review> reviews;
        if (options.data().synthetic()) {
            err.printf(Locale.ROOT, "data: %d synthetic reviews (%s)%n", options.reviews(),
                    options.data().syntheticReason());
            reviews = SyntheticReviews.generateUnlabeled(options.reviews(), SHUFFLE_SEED);
        } else {
            final List<Review> all = new ArrayList<>(Corpora.read(options.data().path(), MalformedPolicy.SKIP, err)
                    .reviews());
            Collections.shuffle(all, new Random(SHUFFLE_SEED));
            reviews = all.subList(0, Math.min(all.size(), options.reviews()));
            err.printf(Locale.ROOT, "data: %s (%d reviews%s)%n", options.data().describe(), reviews.size(),
                    reviews.size() < options.reviews() ? ", each sent more than once to make " + options.reviews()
                            : "");
        }
        err.flush();
        return reviews.stream().map(Review::text).toList();
    }

    private static <T> T get(final Future<T> future) throws InterruptedException {
        try {
            return future.get(1, TimeUnit.MINUTES);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("Sending reviews failed: " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Sending reviews did not finish within a minute.", e);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double round(final double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static Path createTempDirectory(final String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static Path createDirectories(final Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UserException("--log-dir " + dir + ": cannot create it (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }

    private void deleteQuietly(final Path dir) {
        try {
            FileUtils.deleteDirectory(dir.toFile());
        } catch (final IOException e) {
            err.println("warning: could not delete the benchmark's state in " + dir + ": " + DataCache.describe(e));
        }
    }
}
