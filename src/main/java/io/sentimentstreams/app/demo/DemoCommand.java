package io.sentimentstreams.app.demo;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.download.DataCache;
import io.sentimentstreams.text.corpus.Review;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the one-command streaming demo on an embedded Kafka broker ({@link StreamingDemo}); with
 * {@code --offline}, the broker-less training demo ({@link OfflineDemo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts an embedded Kafka broker and two instances of the streaming processor, streams labeled "
                + "and unlabeled reviews through them and shows live progress, then a summary.",
                "Without --data it uses the IMDB reviews that download-imdb keeps in the data cache, and without "
                        + "those built-in synthetic reviews, so it runs on a machine with no data and no internet. "
                        + "With --offline it trains and evaluates a small model without any broker."})
public final class DemoCommand implements Callable<Integer> {

    private static final int STREAMING_REVIEWS = 2_000;
    private static final int OFFLINE_REVIEWS = 5_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", converter = Converters.ExistingPath.class, paramLabel = "PATH", description = "Labeled reviews (TSV, JSONL or aclImdb directory).")
    private Path data;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where download-imdb keeps the IMDB reviews, used without --data (default: "
                    + "~/.cache/sentiment-streams, or $XDG_CACHE_HOME/sentiment-streams if set, or $"
                    + DataCache.ENV_CACHE_DIR + " if set).")
    private Path cacheDir;

    @Option(names = "--reviews", paramLabel = "N",
            description = "Streaming: labeled reviews to train on and as many unlabeled reviews to score (default: "
                    + STREAMING_REVIEWS + "). Offline: reviews to use (default: " + OFFLINE_REVIEWS + ").")
    private Integer reviews;

    @Option(names = "--rate", paramLabel = "N/s", defaultValue = "200",
            description = "Streaming: reviews produced per second on each topic (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--follow", description = "Streaming: keep producing and running until Ctrl-C.")
    private boolean follow;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Streaming: write the summary as JSON to FILE and latency and accuracy curves to FILE "
                    + "with .png.")
    private Path report;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Streaming: write the log (Kafka's included) to FILE; the terminal shows progress, "
                    + "warnings and errors (default: a new sentiment-demo-*.log in the temporary directory).")
    private Path logFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Streaming: use these Kafka brokers instead of starting an embedded one; the topics are"
                    + " created there under --topic-prefix if missing.")
    private String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            description = "Streaming: prefix of the demo's topics and application id (default: demo with the"
                    + " embedded broker, demo-<start time> with --bootstrap-servers, so runs do not mix).")
    private String topicPrefix;

    @Option(names = "--scenario", paramLabel = "NAME", converter = ScenarioConverter.class,
            description = "Streaming: poison (labels flipped, then a tampered model and exploding inputs: steps"
                    + " rejected and a rollback), drift (the labeled reviews switch domain at 60 %: a drift detected)"
                    + " or challenger (a second model line in shadow: a promotion). Exit 0 only when those events"
                    + " happened and no review was lost or duplicated.")
    private DemoScenario scenario;

    @Option(names = "--drift-data", converter = Converters.ExistingPath.class, paramLabel = "PATH",
            description = "With --scenario drift: the labeled reviews of the other domain (TSV, JSONL or aclImdb"
                    + " directory); default: the synthetic reviews in another vocabulary.")
    private Path driftData;

    @Option(names = "--offline", description = "Train, evaluate and save a small model without any broker.")
    private boolean offline;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "4",
            description = "Offline: epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--model-out", paramLabel = "FILE", defaultValue = "target/demo-model.ssm",
            description = "Offline: where to write the model (default: ${DEFAULT-VALUE}).")
    private Path modelOut;

    /** poison, drift or challenger, in any case. */
    static final class ScenarioConverter implements ITypeConverter<DemoScenario> {
        @Override
        public DemoScenario convert(final String value) {
            try {
                return DemoScenario.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected poison, drift or challenger, got '"
                        + value + "'");
            }
        }
    }

    @Override
    public Integer call() {
        if (reviews != null && reviews < 1) {
            throw new UsageException("--reviews must be at least 1, got " + reviews);
        }
        if (!(rate > 0)) {
            throw new UsageException("--rate must be more than 0 reviews per second, got "
                    + rate);
        }
        final DemoData.Source source = DemoData.choose(data, DataCache.locate(cacheDir));
        if (offline) {
            return OfflineDemo.run(source, reviews == null ? OFFLINE_REVIEWS : reviews, epochs, modelOut,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        final int n = reviews == null ? STREAMING_REVIEWS : reviews;
        final String prefix = topicPrefix != null ? topicPrefix
                : bootstrapServers == null ? "demo" : "demo-" + System.currentTimeMillis() / 1000;
        UsageException.require(prefix.matches("[a-zA-Z0-9._-]{1,200}"),
                "--topic-prefix must be 1 to 200 of a-z, A-Z, 0-9, '.', '_' and '-', got '" + prefix + "'");
        UsageException.require(driftData == null || scenario == DemoScenario.DRIFT,
                "--drift-data goes with --scenario drift");
        final List<Review> drift = driftData == null ? null : DemoData.labeled(DemoData.choose(driftData, null), n,
                spec.commandLine().getErr());
        return new StreamingDemo(new StreamingDemo.Options(source, n, rate, follow, report, logFile,
                bootstrapServers, prefix, scenario, drift),
                spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    }
}
