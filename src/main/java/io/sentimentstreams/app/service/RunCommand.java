package io.sentimentstreams.app.service;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.QuietConsole;
import io.sentimentstreams.app.console.StopSignal;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the streaming processor. Checks that the brokers answer and hold the topics (failing in one line
 * after {@code --connect-timeout-ms} if not) and, for a role that trains, that the trainer can work there
 * ({@link StartupChecks}); then builds the clients of {@code --role} ({@link ProcessorInstance}), serves the health,
 * metrics and model endpoints ({@link OpsServer}) and, on SIGTERM or Ctrl-C, closes everything within a bounded time
 * and exits (a second signal exits at once). A client whose stream threads keep failing ends the run with status 1
 * and one line saying why ({@code failure.thread.replacements}).
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

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "all", converter = Converters.RoleChoice.class,
            description = "scorer: score reviews (any number of instances); trainer: the online trainer alone, on one "
                    + "stream thread (one instance is active, others wait as standbys); all: both in this process "
                    + "(default: ${DEFAULT-VALUE}).")
    private Role role;

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
        warmUp(resolved);
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
     * Loads the native code of ND4J and builds the initial model once, in the background while the brokers are
     * checked, which mostly waits on the network: a replacement instance scores about a second sooner after a crash.
     */
    private static void warmUp(final StreamsSettings resolved) {
        daemon("warm-up", () -> {
            try {
                NativeThreads.use(1);
                resolved.initialModel().create().forScoring();
            } catch (final RuntimeException e) {  // the instance itself reports it, when it builds the model
                LOG.debug("Warming up failed: {}", e.toString());
            }
        });
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
            final CompletableFuture<Void> check = CompletableFuture.runAsync(() -> {
                KafkaClients.requireTopics(resolved, resolved.topics().all(), timeout,
                        "create them, or check the topics.* settings");
                if (role.trains()) {
                    StartupChecks.requireTrainable(resolved, timeout);
                }
            });
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

    /**
     * Runs the clients of the role until a stop is requested or a client fails; returns the exit code, or throws a
     * {@link UserException} with the reason when a client was shut down because its stream threads kept failing.
     */
    private int process(final StreamsSettings resolved, final CompletableFuture<Void> stop) {
        NativeThreads.use(1);
        final ProcessorInstance instance = ProcessorInstance.create(resolved, role, System::currentTimeMillis);
        final Map<String, KafkaStreams> clients = new LinkedHashMap<>();
        instance.clients().forEach(client -> clients.put(client.name(), client.streams()));
        try (OpsMetrics metrics = new OpsMetrics(clients, () -> instance.registry().current(),
                System::currentTimeMillis);
             BrokerProbe brokers = new BrokerProbe(resolved, System::currentTimeMillis);
             OpsServer ops = new OpsServer(resolved.httpPort(), instance::states, () -> instance.registry().current(),
                     brokers::problem, metrics::scrape, instance::lines)) {
            final AtomicBoolean startFailed = new AtomicBoolean();
            for (final RoleClient client : instance.clients()) {
                start(client, resolved, stop, startFailed);
            }
            ops.start();
            brokers.start();
            stop.join();
            final Duration timeout = brokers.problem().isEmpty() ? CLOSE_TIMEOUT : CLOSE_TIMEOUT_WITHOUT_BROKERS;
            LOG.info("Shutting down: closing the streams {} and committing state (for up to {}).",
                    instance.clients().size() == 1 ? "client" : "clients", KafkaClients.format(timeout));
            close(instance.clients(), closeOptions(resolved, timeout), timeout.plus(CLOSE_GRACE));
            final Optional<String> fatal = instance.fatal();
            if (fatal.isPresent()) {
                throw new UserException(fatal.get());
            }
            return startFailed.get() || instance.clients().stream()
                    .anyMatch(client -> client.state() == KafkaStreams.State.ERROR) ? 1 : 0;
        }
    }

    /** Starts one client in the background, ending the run when it fails, stops or cannot start. */
    private static void start(final RoleClient client, final StreamsSettings resolved,
                              final CompletableFuture<Void> stop, final AtomicBoolean startFailed) {
        final String application = client.name().equals(RoleClient.TRAINER)
                ? RoleClient.trainerApplicationId(resolved) : resolved.applicationId();
        LOG.info("Starting the {} as application '{}' against {}.", client.name(), application,
                resolved.bootstrapServers());
        client.streams().setStateListener((now, before) -> {
            LOG.info("The {} went from {} to {}.", client.name(), before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stop.complete(null);
            }
        });
        // start() waits for the global store to be restored, which never ends while no broker answers
        daemon(client.name() + "-start", () -> {
            try {
                client.streams().start();
            } catch (final RuntimeException e) {
                if (!stop.isDone()) {   // else it was closed while starting
                    LOG.error("The {} cannot start: {}", client.name(), e.getMessage());
                    startFailed.set(true);
                    stop.complete(null);
                }
            }
        });
    }

    /**
     * Closes every client at once, giving up on each after {@code wait}: the JVM exits regardless when the command
     * ends.
     */
    private static void close(final List<RoleClient> clients, final CloseOptions options, final Duration wait) {
        final List<CompletableFuture<Boolean>> closing = new ArrayList<>();
        for (final RoleClient client : clients) {
            final CompletableFuture<Boolean> closed = new CompletableFuture<>();
            daemon(client.name() + "-close", () -> closed.complete(client.streams().close(options)));
            closing.add(closed.completeOnTimeout(false, wait.toMillis(), TimeUnit.MILLISECONDS));
        }
        for (int i = 0; i < clients.size(); i++) {
            if (!closing.get(i).join()) {
                LOG.warn("The {} did not close within {}; exiting anyway (exactly-once processing recovers"
                        + " whatever it had not committed).", clients.get(i).name(), KafkaClients.format(wait));
            }
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
        final boolean staticMember = settings.streamsProperties().containsKey("group.instance.id");
        return CloseOptions.groupMembershipOperation(staticMember ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout);
    }
}
