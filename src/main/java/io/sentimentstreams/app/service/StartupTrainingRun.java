package io.sentimentstreams.app.service;

import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.app.kafka.KafkaClients;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.AvroSerde;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training run of {@link StartupArchive}: in a JVM started with {@code -XX:ArchiveClassesAtExit}, goes through
 * what {@code run} does at start, without brokers, so that the classes it loads are archived: the broker check's
 * admin client, both roles' streams clients with their topologies and serdes, the initial model built and scoring
 * a batch (ND4J and the network), a review through the Avro serde, the HTTP endpoints, and the clients started
 * against an address where no broker listens (their consumer, producer and network code). Exits 0.
 */
final class StartupTrainingRun {

    /** An address where nothing listens: the clients try it, fail and retry until closed. */
    private static final String NO_BROKER = "127.0.0.1:1";
    private static final Duration STARTED = Duration.ofSeconds(3);

    private StartupTrainingRun() {
    }

    public static void main(final String[] args) throws Exception {
        final Path state = Files.createTempDirectory("sentiment-startup-archive-state");
        try {
            run(StreamsSettings.load(null, Map.of(), Map.of(StreamsSettings.BOOTSTRAP_SERVERS, NO_BROKER,
                    StreamsSettings.STATE_DIR, state.toString())));
        } finally {
            deleteRecursively(state);
        }
        // System.exit, not a return: the clients' threads still run, and the archive is written at exit.
        System.out.println("The startup archive's training run is done.");
        System.exit(0);
    }

    private static void run(final StreamsSettings settings) throws InterruptedException {
        try {
            KafkaClients.requireTopics(settings, settings.topics().all(), Duration.ofMillis(500), "none");
        } catch (final UserException expected) {  // no broker listens there
            System.out.println("broker check: " + expected.getMessage());
        }
        NativeThreads.use(1);
        final ProcessorInstance instance = ProcessorInstance.create(settings, Role.ALL, System::currentTimeMillis);
        final ModelRegistry registry = instance.registry();
        registry.scorer(registry.current()).positiveProbabilities(List.of(
                "A moving film, with a story that stays with you.", "Dull, slow and far too long."));
        final AvroSerde<ReviewEvent> reviews = StreamSerdes.create().reviews();
        final ReviewEvent review = ReviewEvent.newBuilder().setId("startup").setText("Fine.")
                .setEventTime(Instant.now()).setSource("startup-archive").build();
        reviews.deserializer().deserialize("reviews", reviews.serializer().serialize("reviews", review));
        final OpsServer ops = new OpsServer(0, instance::states, registry::current, Optional::empty, () -> "",
                instance::lines);
        ops.start();
        ops.close();
        // start() waits for the global stores, which never come without a broker: each client starts on a daemon
        // thread of its own, and the JVM exits after a while, whatever the clients are doing.
        for (final RoleClient client : instance.clients()) {
            final Thread starter = new Thread(() -> client.streams().start(), "start-" + client.name());
            starter.setDaemon(true);
            starter.start();
        }
        Thread.sleep(STARTED.toMillis());  // the stream threads start and try the address
    }

    /** Deletes what it can: the clients' threads may still write there. */
    private static void deleteRecursively(final Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (final IOException e) {
            System.out.println("could not delete all of " + directory + ": " + e);
        }
    }
}
