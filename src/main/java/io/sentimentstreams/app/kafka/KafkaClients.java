package io.sentimentstreams.app.kafka;

import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.stream.StreamsSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka clients for commands that read or write topics, failing in one line a user can act on: before a producer,
 * consumer or streams client is made, a short-lived {@link Admin} checks, within a bounded time, that the brokers
 * answer and hold the topics (a client would instead retry for its own timeout, or forever, warning on every
 * attempt); and a client that cannot be constructed (such as for a host name that does not resolve) names the root
 * cause.
 */
public final class KafkaClients {

    /** Extra time for a call to report its own timeout before the wait for it gives up. */
    private static final long GRACE_MS = 5_000;

    private KafkaClients() {
    }

    /**
     * Returns once the brokers in {@code settings} answer and hold {@code topic}; else throws a {@link UserException}
     * saying which: the brokers cannot be reached within {@code timeout}, or the topic is not there.
     */
    static void requireTopic(final StreamsSettings settings, final String topic, final Duration timeout) {
        requireBrokers(settings, timeout, admin -> await(admin.describeTopics(List.of(topic),
                new DescribeTopicsOptions().timeoutMs(timeoutMs(timeout))).allTopicNames(), timeout,
                e -> topicProblem(settings.bootstrapServers(), topic, timeout, e)));
    }

    /**
     * Returns once the brokers in {@code settings} answer and hold every one of {@code topics}; else throws a
     * {@link UserException} saying which: the brokers cannot be reached within {@code timeout}, or which topics are
     * not there ({@code hint} says what to do about it).
     */
    public static void requireTopics(final StreamsSettings settings, final Collection<String> topics, final Duration timeout,
                              final String hint) {
        final String brokers = settings.bootstrapServers();
        requireBrokers(settings, timeout, admin -> {
            final Set<String> existing = await(admin.listTopics(new ListTopicsOptions()
                    .timeoutMs(timeoutMs(timeout))).names(), timeout, e -> unreachable(brokers, timeout, e));
            final List<String> missing = topics.stream().filter(t -> !existing.contains(t)).distinct().toList();
            if (!missing.isEmpty()) {
                throw new UserException((missing.size() == 1 ? "topic " : "topics ") + missing.stream()
                        .map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + " not found on " + brokers
                        + " (" + hint + ")");
            }
        });
    }

    /** Checks within {@code timeout} that the brokers answer, then runs {@code then} with the same admin client. */
    private static void requireBrokers(final StreamsSettings settings, final Duration timeout,
                                       final Consumer<Admin> then) {
        final String brokers = settings.bootstrapServers();
        final Admin admin = create(brokers, () -> Admin.create(adminProperties(settings, timeout)));
        try {
            await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs(timeout))).clusterId(),
                    timeout, e -> unreachable(brokers, timeout, e));
            then.accept(admin);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Returns once the brokers in {@code settings} answer; else throws a one-line {@link UserException}. */
    public static void requireBrokers(final StreamsSettings settings, final Duration timeout) {
        final String brokers = settings.bootstrapServers();
        final Admin admin = create(brokers, () -> Admin.create(adminProperties(settings, timeout)));
        try {
            final int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId(), timeout,
                    e -> unreachable(brokers, timeout, e));
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Constructs a client, turning a {@link KafkaException} (a bad setting, or no bootstrap server that resolves)
     * into a {@link UserException} with its root cause.
     */
    public static <T> T create(final String brokers, final Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (final KafkaException e) {
            final Throwable root = rootCause(e);
            if (root instanceof ConfigException && String.valueOf(root.getMessage()).contains("bootstrap")) {
                throw new UserException("cannot reach " + brokers + ": " + describe(root)
                        + " (check the host names in --bootstrap-servers)");
            }
            throw new UserException("cannot create a Kafka client for " + brokers + ": " + describe(root));
        }
    }

    private static int timeoutMs(final Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    private static <T> T await(final KafkaFuture<T> future, final Duration timeout,
                               final Function<Throwable, UserException> failure) {
        try {
            return future.get(timeout.toMillis() + GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw failure.apply(e.getCause());
        } catch (final java.util.concurrent.TimeoutException e) {
            throw failure.apply(new TimeoutException(e.getMessage()));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while checking the brokers");
        }
    }

    private static UserException unreachable(final String brokers, final Duration timeout, final Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new UserException("cannot reach " + brokers + " within " + format(timeout)
                    + " (is a broker running there?)");
        }
        return new UserException("cannot reach " + brokers + ": " + describe(rootCause(cause)));
    }

    private static UserException topicProblem(final String brokers, final String topic, final Duration timeout,
                                              final Throwable cause) {
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new UserException("topic '" + topic + "' not found on " + brokers
                    + " (create it, or check --topic)");
        }
        if (cause instanceof TimeoutException) {
            return unreachable(brokers, timeout, cause);
        }
        return new UserException("cannot use topic '" + topic + "' on " + brokers + ": "
                + describe(rootCause(cause)));
    }

    /** The settings' client properties for an {@link Admin} whose calls give up after {@code timeout}. */
    public static Properties adminProperties(final StreamsSettings settings, final Duration timeout) {
        final String timeoutMs = Long.toString(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        final Properties props = new Properties();
        settings.kafka().forEach(props::put);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return props;
    }

    /** "15 s" for whole seconds, else "1500 ms". */
    public static String format(final Duration timeout) {
        final long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static Throwable rootCause(final Throwable e) {
        return e.getCause() == null || e.getCause() == e ? e : rootCause(e.getCause());
    }

    private static String describe(final Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
