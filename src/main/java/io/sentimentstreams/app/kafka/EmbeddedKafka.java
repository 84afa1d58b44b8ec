package io.sentimentstreams.app.kafka;

import io.sentimentstreams.stream.StreamsSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's own broker, running in this JVM: one combined broker and KRaft controller on 127.0.0.1 with free ports
 * and a temporary log directory, deleted on {@link #close()}. Automatic topic creation is off; {@link #createTopics}
 * creates the processor's topics. By default records up to {@link #MAX_MESSAGE_BYTES} are accepted, enough for a
 * trainer checkpoint at the default {@code model.max.bytes}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Largest record the broker accepts: a trainer checkpoint at the default {@code model.max.bytes}. */
    public static final int MAX_MESSAGE_BYTES = StreamsSettings.defaults().trainerStateMaxBytes();

    /** Partitions of the reviews, scores and dead-letters topics made by {@link #createTopics(StreamsSettings)}. */
    public static final int DEFAULT_PARTITIONS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final long LEADER_RETRY_MS = 20;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final String bootstrapServers;

    private EmbeddedKafka(final KafkaRaftServer server, final Path logDir, final String bootstrapServers) {
        this.server = server;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker that accepts records up to {@link #MAX_MESSAGE_BYTES}; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        return start(MAX_MESSAGE_BYTES);
    }

    /**
     * Formats a fresh temporary log directory and starts a broker on it that accepts records (and produce requests)
     * up to {@code maxMessageBytes}, e.g. {@link StreamsSettings#trainerStateMaxBytes()}; returns once it accepts
     * clients.
     */
    public static EmbeddedKafka start(final int maxMessageBytes) {
        if (maxMessageBytes < 1024 * 1024 || maxMessageBytes > Integer.MAX_VALUE - 1024 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be from 1 MiB to 2 GiB - 1 MiB, got "
                    + maxMessageBytes);
        }
        final long started = System.nanoTime();
        final Path logDir = createTempDir();
        try {
            final int brokerPort = freePort();
            final int controllerPort = freePort();
            final String clusterId = Uuid.randomUuid().toString();
            format(logDir, clusterId);
            final Properties props = brokerProperties(logDir, brokerPort, controllerPort, maxMessageBytes);
            final KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            final EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, HOST + ":" + brokerPort);
            LOG.info("The embedded Kafka broker (cluster {}) is up at {} after {} ms; its log directory is {}.",
                    clusterId, kafka.bootstrapServers, (System.nanoTime() - started) / 1_000_000, logDir);
            return kafka;
        } catch (final RuntimeException e) {
            deleteRecursively(logDir);
            throw e;
        }
    }

    /**
     * Settings for a processor instance on this broker: application id {@code <prefix>-app}, topics
     * {@code <prefix>-reviews}, {@code -labeled-reviews}, {@code -scores}, {@code -models} and
     * {@code -dead-letters}, exactly-once, state in {@code stateDir}, scoring batches of up to 32 reviews or 20 ms,
     * a 10 s session timeout (so the group notices a vanished instance quickly); {@code overrides} last.
     */
    public StreamsSettings applicationSettings(final String prefix, final Path stateDir, final String instanceId,
                                               final Map<String, String> overrides) {
        return applicationSettings(bootstrapServers, prefix, stateDir, instanceId, overrides);
    }

    /** {@link #applicationSettings(String, Path, String, Map)} for the brokers at {@code bootstrapServers}. */
    public static StreamsSettings applicationSettings(final String bootstrapServers, final String prefix,
                                                      final Path stateDir, final String instanceId,
                                                      final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put(StreamsSettings.APPLICATION_ID, prefix + "-app");
        values.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        values.put(StreamsSettings.STATE_DIR, stateDir.toString());
        values.put(StreamsSettings.INSTANCE_ID, instanceId);
        values.put(StreamsSettings.PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
        values.put(StreamsSettings.TOPICS_REVIEWS, prefix + "-reviews");
        values.put(StreamsSettings.TOPICS_LABELED_REVIEWS, prefix + "-labeled-reviews");
        values.put(StreamsSettings.TOPICS_SCORES, prefix + "-scores");
        values.put(StreamsSettings.TOPICS_MODELS, prefix + "-models");
        values.put(StreamsSettings.TOPICS_DEAD_LETTERS, prefix + "-dead-letters");
        values.put(StreamsSettings.TOPICS_MODEL_EVENTS, prefix + "-model-events");
        values.put(StreamsSettings.SCORING_BATCH_MAX_RECORDS, "32");
        values.put(StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, "20");
        values.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "10000");
        values.putAll(overrides);
        return StreamsSettings.of(values);
    }

    /** Where clients connect: {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates the topics the processor reads and writes, with {@link #DEFAULT_PARTITIONS} partitions for reviews,
     * scores and dead letters; topics that already exist are left as they are. Returns once the broker leads every
     * partition of them.
     */
    public void createTopics(final StreamsSettings settings) {
        createTopics(settings, DEFAULT_PARTITIONS);
    }

    /**
     * Creates the processor's topics: reviews, scores and dead letters with {@code partitions} partitions, labeled
     * reviews with one (the online trainer learns from a single ordered stream) and the compacted models topic
     * with one, sized for snapshots of {@code model.max.bytes}. Topics that already exist are left as they are.
     *
     * <p>Returns once the broker leads every partition of these topics and answers for it: an idempotent producer
     * whose first batch reaches a partition the broker has not opened yet can lose that batch to an
     * out-of-order-sequence error (KAFKA-15591), so every caller gets topics that are ready to write.
     */
    public void createTopics(final StreamsSettings settings, final int partitions) {
        createTopics(bootstrapServers, settings, partitions);
    }

    /**
     * {@link #createTopics(StreamsSettings, int)} on the brokers at {@code bootstrapServers}, with one replica of
     * each partition (a demo or test cluster).
     */
    public static void createTopics(final String bootstrapServers, final StreamsSettings settings,
                                    final int partitions) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(settings, "settings");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        final StreamsSettings.Topics topics = settings.topics();
        final int snapshotBytes = (int) Math.min(Integer.MAX_VALUE, (long) settings.modelMaxBytes() + 1024 * 1024);
        final List<NewTopic> wanted = List.of(
                new NewTopic(topics.reviews(), partitions, (short) 1),
                new NewTopic(topics.labeledReviews(), 1, (short) 1),
                new NewTopic(topics.scores(), partitions, (short) 1),
                new NewTopic(topics.deadLetters(), partitions, (short) 1),
                new NewTopic(topics.modelEvents(), 1, (short) 1),
                new NewTopic(topics.models(), 1, (short) 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(snapshotBytes))));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            final Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                awaitCreated(admin, missing);
            }
            awaitLeaders(admin, wanted.stream().map(NewTopic::name).toList());
            LOG.info("Topics ready on {}: {} (created now: {}).", bootstrapServers,
                    wanted.stream().map(NewTopic::name).toList(), missing.stream().map(NewTopic::name).toList());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics on " + bootstrapServers, e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker, waits until it has stopped and deletes its log directory. */
    @Override
    public void close() {
        final long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteRecursively(logDir);
        }
        LOG.info("The embedded Kafka broker at {} stopped in {} ms.", bootstrapServers,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void awaitCreated(final Admin admin, final List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Waits until the broker answers a latest-offset request for every partition of {@code topics}: that needs the
     * partition's leader, with the partition open. Right after creation the broker may not know a topic or its
     * leader yet; such retriable errors are retried for up to {@link #ADMIN_TIMEOUT_SECONDS}.
     */
    private static void awaitLeaders(final Admin admin, final List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
        while (!answersForEveryPartition(admin, topics)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker does not lead every partition of " + topics + " after "
                        + ADMIN_TIMEOUT_SECONDS + " s");
            }
            TimeUnit.MILLISECONDS.sleep(LEADER_RETRY_MS);
        }
    }

    /** Whether the broker gives the latest offset of every partition of {@code topics}; false on a retriable error. */
    private static boolean answersForEveryPartition(final Admin admin, final List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((name, description) -> description.partitions().forEach(p ->
                            latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    private static Properties brokerProperties(final Path logDir, final int brokerPort, final int controllerPort,
                                               final int maxMessageBytes) {
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST
                + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("message.max.bytes", Integer.toString(maxMessageBytes));
        props.put("replica.fetch.max.bytes", Integer.toString(maxMessageBytes));
        props.put("socket.request.max.bytes", Integer.toString(maxMessageBytes + 1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return props;
    }

    private static void format(final Path logDir, final String clusterId) {
        final Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(clusterId)
                .setNodeId(NODE_ID)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        try {
            formatter.run();
        } catch (final Exception e) {
            throw new IllegalStateException("Cannot format the broker's log directory " + logDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot create a temporary log directory: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(final Path dir) {
        try {
            FileUtils.deleteDirectory(dir.toFile());
        } catch (final IOException e) {
            LOG.warn("Could not delete the broker's log directory {}: {}", dir, e.getMessage());
        }
    }
}
