package io.sentimentstreams.app.bench;

import io.sentimentstreams.app.demo.DemoData;
import io.sentimentstreams.app.download.DataCache;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench-stream}: the streaming processor's capacity, latency and restart time ({@link StreamBenchmark}). */
@Command(name = "bench-stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks the streaming path against the model itself: scores the same reviews in this JVM",
                "and through Kafka with one processor instance (run, in a JVM of its own), first as fast as the "
                        + "instance takes them (capacity), then at half that rate (end-to-end latency to a "
                        + "read_committed consumer), then kills the instance with SIGKILL and times its replacement "
                        + "until it scores again.",
                "Starts an embedded Kafka broker unless --bootstrap-servers is given. Without --data it uses the "
                        + "IMDB reviews that download-imdb keeps in the data cache, and without those synthetic "
                        + "reviews."})
public final class BenchStreamCommand implements Callable<Integer> {

    private static final int DEFAULT_REVIEWS = 20_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "PATH", description = "Reviews (TSV, JSONL or aclImdb directory).")
    private Path data;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where download-imdb keeps the IMDB reviews, used without --data.")
    private Path cacheDir;

    @Option(names = "--reviews", paramLabel = "N", defaultValue = "" + DEFAULT_REVIEWS,
            description = "Reviews sent in the capacity phase and again in the latency phase "
                    + "(default: ${DEFAULT-VALUE}).")
    private int reviews;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "A Kafka cluster to use instead of the embedded broker; the benchmark creates topics of "
                    + "its own there (bench-<random>-*).")
    private String bootstrapServers;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + EmbeddedKafka.DEFAULT_PARTITIONS,
            description = "Partitions of the reviews and scores topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "1000",
            description = "Capacity phase: reviews sent and not yet scored at most (default: ${DEFAULT-VALUE}).")
    private int inFlight;

    @Option(names = "--warm-up", paramLabel = "N",
            description = "Reviews the instance scores before it is measured (default: a quarter of --reviews, at most"
                    + " 2000). On 2 cores the JIT goes on compiling for a minute or more; a longer warm-up measures"
                    + " the instance after it has settled.")
    private Integer warmUp;

    @Option(names = "--rate", paramLabel = "N",
            description = "Reviews per second of the latency and restart phases (default: half the measured"
                    + " capacity). A fixed rate compares settings or versions at the same load.")
    private Double rate;

    @Option(names = "--producer-linger-ms", paramLabel = "MS", defaultValue = "" + BenchProducer.LINGER_MS,
            description = "linger.ms of the benchmark's producer of reviews (default: ${DEFAULT-VALUE}).")
    private int producerLingerMs;

    @Option(names = "--no-restart", description = "Skip the kill-and-restart phase.")
    private boolean noRestart;

    @Option(names = "--no-startup-archive", description = "Start the instances without a startup archive (by"
            + " default the benchmark first makes one, as the image does, see startup-archive).")
    private boolean noStartupArchive;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the instance, as for run, e.g. --set scoring.batch.max.records=32.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--instance-java-option", paramLabel = "OPTION",
            description = "A JVM option of the instance's JVM, e.g. --instance-java-option=-XX:StartFlightRecording"
                    + "=filename=instance.jfr (repeatable).")
    private List<String> javaOptions = new ArrayList<>();

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where the logs go: this JVM's (the embedded broker's included) and each instance's "
                    + "(default: a new sentiment-bench-logs-* in the temporary directory, kept).")
    private Path logDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    private Path json;

    @Override
    public Integer call() throws InterruptedException {
        if (reviews < 10) {
            throw new ParameterException(spec.commandLine(), "--reviews must be at least 10, got " + reviews);
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (warmUp != null && warmUp < 1) {
            throw new ParameterException(spec.commandLine(), "--warm-up must be at least 1, got " + warmUp);
        }
        if (rate != null && !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be a positive number of reviews per second,"
                    + " got " + rate);
        }
        if (producerLingerMs < 0) {
            throw new ParameterException(spec.commandLine(), "--producer-linger-ms must be at least 0, got "
                    + producerLingerMs);
        }
        if (inFlight < 1) {
            throw new ParameterException(spec.commandLine(), "--in-flight must be at least 1, got " + inFlight);
        }
        for (final String key : settings.keySet()) {
            if (key.equals(StreamsSettings.BOOTSTRAP_SERVERS) || key.equals(StreamsSettings.INSTANCE_ID)
                    || key.equals(StreamsSettings.STATE_DIR)) {
                throw new ParameterException(spec.commandLine(), "--set " + key + " is chosen by the benchmark"
                        + (key.equals(StreamsSettings.BOOTSTRAP_SERVERS) ? "; use --bootstrap-servers" : ""));
            }
        }
        StreamsSettings.of(settings);   // a bad value fails here, in one line, before anything starts
        final DemoData.Source source = DemoData.choose(data, DataCache.locate(cacheDir));
        return new StreamBenchmark(new StreamBenchmark.Options(source, reviews, bootstrapServers, partitions,
                inFlight, warmUp == null ? 0 : warmUp, rate == null ? 0 : rate, !noRestart,
                Collections.unmodifiableMap(new LinkedHashMap<>(settings)), List.copyOf(javaOptions), logDir, json,
                producerLingerMs, !noStartupArchive),
                spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    }
}
