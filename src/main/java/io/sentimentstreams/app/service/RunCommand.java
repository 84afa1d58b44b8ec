package io.sentimentstreams.app.service;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.QuietConsole;
import io.sentimentstreams.app.console.StopSignal;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.SentimentTopology;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the streaming processor. Checks that the brokers answer and hold the topics (failing in one line
 * after {@code --connect-timeout-ms} if not), then wires settings → topology → {@link KafkaStreams}, serves the
 * health, metrics and model endpoints ({@link OpsServer}) and, on SIGTERM or Ctrl-C, closes everything within a
 * bounded time and exits (a second signal exits at once).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the streaming processor: scores reviews, learns online from labeled reviews and follows",
                "the newest model version. Settings come from defaults, then --config, then SENTIMENT_* environment",
                "variables, then --set and the flags below (see README: Configuration)."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** How long closing may take while the brokers answer: committing needs them. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long closing may take while no broker answers: nothing can be committed, so it is not waited for. */
    private static final Duration CLOSE_TIMEOUT_WITHOUT_BROKERS = Duration.ofSeconds(5);
    /** Extra time for a close to return after its own timeout before the command stops waiting for it. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers.")
    private String bootstrapServers;

    @Option(names = "--config", converter = Converters.ExistingPath.class, paramLabel = "FILE", description = "A properties file of settings.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting, e.g. --set scoring.batch.max.records=128.")
    private Map<String, String> settings = new HashMap<>();

    @Option(names = "--connect-timeout-ms", paramLabel = "N", defaultValue = "15000",
            description = "Fail when the brokers do not answer, or do not hold the topics, within N ms of the start "
                    + "(default: ${DEFAULT-VALUE}).")
    private long connectTimeoutMs;

    @Override
    public Integer call() {
        if (connectTimeoutMs < 1) {
            throw new UsageException("--connect-timeout-ms must be at least 1, got " + connectTimeoutMs + ".");
        }
        final Map<String, String> overrides = new HashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        final StreamsSettings resolved = StreamsSettings.load(config, System.getenv(), overrides);
        final CompletableFuture<Void> stop = new CompletableFuture<>();
        try (StopSignal signal = new StopSignal(() -> stop.complete(null))) {
            if (!brokersReady(resolved, stop)) {
                LOG.info("Stopped before the brokers at {} answered.", resolved.bootstrapServers());
                return 0;
            }
            return process(resolved, stop);
        }
    }

    /**
     * Waits until the brokers answer and hold every topic of the topology (a {@link UserException} after
     * {@code --connect-timeout-ms}, the clients' own warnings kept off the console meanwhile); false if a stop was
     * requested first.
     */
    private boolean brokersReady(final StreamsSettings resolved, final CompletableFuture<Void> stop) {
        final Duration timeout = Duration.ofMillis(connectTimeoutMs);
        LOG.info("Checking that the brokers at {} answer and hold the topics {} (for up to {}).",
                resolved.bootstrapServers(), resolved.topics().all(), KafkaClients.format(timeout));
        final QuietConsole quiet = QuietConsole.attach();
        try {
            final CompletableFuture<Void> check = CompletableFuture.runAsync(() -> KafkaClients.requireTopics(
                    resolved, resolved.topics().all(), timeout, "create them, or check the topics.* settings"));
            CompletableFuture.anyOf(check, stop).join();
            if (!check.isDone()) {
                return false;
            }
            check.join();
            return true;
        } catch (final CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            quiet.close();
        }
    }

    /** Runs the processor until a stop is requested or the streams client fails; returns the exit code. */
    private int process(final StreamsSettings resolved, final CompletableFuture<Void> stop) {
        NativeThreads.use(1);
        final ModelRegistry registry = ModelRegistry.withInitialModel(resolved, System.currentTimeMillis());
        final Topology topology = SentimentTopology.build(resolved, StreamSerdes.create(), registry);
        LOG.info("Starting application '{}' against {}.", resolved.applicationId(), resolved.bootstrapServers());
        final KafkaStreams streams = new KafkaStreams(topology, resolved.streamsProperties());
        try (OpsMetrics metrics = new OpsMetrics(streams, registry::current, System::currentTimeMillis);
             BrokerProbe brokers = new BrokerProbe(resolved, System::currentTimeMillis);
             OpsServer ops = new OpsServer(resolved.httpPort(), streams::state, registry::current, brokers::problem,
                     metrics::scrape, registry::lines)) {
            streams.setStateListener((now, before) -> {
                LOG.info("The streams client went from {} to {}.", before, now);
                if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                    stop.complete(null);
                }
            });
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("A stream thread failed and is being replaced: {}", e.toString(), e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            // start() waits for the global store to be restored, which never ends while no broker answers
            final AtomicBoolean startFailed = new AtomicBoolean();
            daemon("streams-start", () -> {
                try {
                    streams.start();
                } catch (final RuntimeException e) {
                    if (!stop.isDone()) {   // else it was closed while starting
                        LOG.error("The streams client cannot start: {}", e.getMessage());
                        startFailed.set(true);
                        stop.complete(null);
                    }
                }
            });
            ops.start();
            brokers.start();
            stop.join();
            final Duration timeout = brokers.problem().isEmpty() ? CLOSE_TIMEOUT : CLOSE_TIMEOUT_WITHOUT_BROKERS;
            LOG.info("Shutting down: closing the streams client and committing state (for up to {}).",
                    KafkaClients.format(timeout));
            close(streams, closeOptions(resolved, timeout), timeout.plus(CLOSE_GRACE));
            return startFailed.get() || streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
        }
    }

    /** Closes {@code streams}, giving up on it after {@code wait}: the JVM exits regardless when the command ends. */
    private static void close(final KafkaStreams streams, final CloseOptions options, final Duration wait) {
        final CompletableFuture<Boolean> closed = new CompletableFuture<>();
        daemon("streams-close", () -> closed.complete(streams.close(options)));
        final boolean clean = closed.completeOnTimeout(false, wait.toMillis(), TimeUnit.MILLISECONDS).join();
        if (!clean) {
            LOG.warn("The streams client did not close within {}; exiting anyway (exactly-once processing recovers"
                    + " whatever it had not committed).", KafkaClients.format(wait));
        }
    }

    private static void daemon(final String name, final Runnable task) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Leaves the consumer group on close so a restarted instance need not wait for the old session to time out,
     * except under static membership ({@code group.instance.id}), where staying avoids a rebalance on restart.
     */
    private static CloseOptions closeOptions(final StreamsSettings settings, final Duration timeout) {
        final boolean staticMember = settings.kafka().containsKey("group.instance.id");
        return CloseOptions.groupMembershipOperation(staticMember ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout);
    }
}
