package io.sentimentstreams.app.service;

import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.stream.StreamsSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the brokers answer this instance, for its readiness: in the background, an {@link Admin} asks them to
 * describe the cluster every fifth of {@code http.ready.broker.timeout.ms} (at most every 5 s), each question giving up
 * after that interval. Once none has been answered for longer than the timeout, {@link #problem()} says so, and
 * the instance is not ready: with the brokers gone it can neither read nor commit, whatever its streams state
 * says (Kafka Streams stays RUNNING while its clients retry).
 */
public final class BrokerProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    private static final long MAX_INTERVAL_MS = 5_000;
    private static final long MIN_INTERVAL_MS = 200;
    private static final long GRACE_MS = 1_000;

    private final String brokers;
    private final long timeoutMs;
    private final long intervalMs;
    private final LongSupplier clockMs;
    private final Admin admin;
    private final AtomicLong lastAnswerMs;
    private final AtomicBoolean reportedSilent = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "broker-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** A probe of the brokers in {@code settings}; it counts the time of its creation as their last answer. */
    BrokerProbe(final StreamsSettings settings, final LongSupplier clockMs) {
        this.brokers = settings.bootstrapServers();
        this.timeoutMs = settings.httpReadyBrokerTimeoutMs();
        this.intervalMs = Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, timeoutMs / 5));
        this.clockMs = clockMs;
        final Properties props = KafkaClients.adminProperties(settings, Duration.ofMillis(intervalMs));
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Long.toString(intervalMs));   // one retry a check
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-broker-probe");
        this.admin = KafkaClients.create(brokers, () -> Admin.create(props));
        this.lastAnswerMs = new AtomicLong(clockMs.getAsLong());
    }

    /** Starts checking, at once and then every interval. */
    void start() {
        executor.scheduleWithFixedDelay(this::check, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Empty while a broker has answered within the timeout; else why the instance cannot process, in a phrase. */
    Optional<String> problem() {
        final long silentMs = clockMs.getAsLong() - lastAnswerMs.get();
        return silentMs <= timeoutMs ? Optional.empty()
                : Optional.of("no broker at " + brokers + " has answered for " + silentMs / 1000 + " s");
    }

    private void check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) intervalMs)).clusterId()
                    .get(intervalMs + GRACE_MS, TimeUnit.MILLISECONDS);
            lastAnswerMs.set(clockMs.getAsLong());
            if (reportedSilent.compareAndSet(true, false)) {
                LOG.info("The brokers at {} answer again; /health/ready follows the streams state again.", brokers);
            }
        } catch (final ExecutionException | TimeoutException e) {
            problem().filter(p -> reportedSilent.compareAndSet(false, true)).ifPresent(p ->
                    LOG.warn("Not ready: {}; /health/ready answers 503 until one does.", p));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        admin.close(Duration.ZERO);
    }
}
