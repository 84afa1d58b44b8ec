package io.sentimentstreams.app.kafka;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.stream.StreamsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code broker}: a real Kafka broker (KRaft, one combined broker and controller) in this JVM, with the processor's
 * topics created, for local development. Prints its bootstrap address and runs until Ctrl-C or SIGTERM; its data is
 * deleted when it stops.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a single-node Kafka broker on 127.0.0.1 with a free port and a temporary log directory,",
                "creates the processor's topics and prints the bootstrap address. Runs until Ctrl-C or SIGTERM;",
                "its data is deleted when it stops."})
public final class BrokerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", converter = Converters.ExistingPath.class, paramLabel = "FILE",
            description = "A properties file of settings (topic names, model.max.bytes).")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting, e.g. --set topics.reviews=my-reviews.")
    private Map<String, String> settings = new HashMap<>();

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + EmbeddedKafka.DEFAULT_PARTITIONS,
            description = "Partitions of the reviews, scores and dead-letters topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() throws InterruptedException {
        if (partitions < 1) {
            throw new UsageException("--partitions must be at least 1, got " + partitions + ".");
        }
        final StreamsSettings resolved = StreamsSettings.load(config, System.getenv(), settings);
        final EmbeddedKafka kafka = EmbeddedKafka.start(resolved.trainerStateMaxBytes());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down the broker.");
            kafka.close();
            stopped.countDown();
        }, "broker-shutdown"));
        kafka.createTopics(resolved, partitions);
        final PrintWriter out = spec.commandLine().getOut();
        out.println(kafka.bootstrapServers());
        out.flush();
        stopped.await();
        return 0;
    }
}
