package io.sentimentstreams.app;

import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.SentimentTopology;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the streaming processor. Wires settings → topology → {@link KafkaStreams}, serves the health,
 * metrics and model endpoints ({@link OpsServer}) and closes everything cleanly on SIGTERM or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the streaming processor: scores reviews, learns online from labeled reviews and follows",
                "the newest model version. Settings come from defaults, then --config, then SENTIMENT_* environment",
                "variables, then --set and the flags below (see README: Configuration)."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers.")
    private String bootstrapServers;

    @Option(names = "--config", converter = Converters.ExistingPath.class, paramLabel = "FILE", description = "A properties file of settings.")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting, e.g. --set scoring.batch.max.records=128.")
    private Map<String, String> settings = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        final Map<String, String> overrides = new HashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        final StreamsSettings resolved = StreamsSettings.load(config, System.getenv(), overrides);
        NativeThreads.use(1);
        final ModelRegistry registry = ModelRegistry.withInitialModel(resolved, System.currentTimeMillis());
        final Topology topology = SentimentTopology.build(resolved, StreamSerdes.create(), registry);
        LOG.info("Starting application '{}' against {}.", resolved.applicationId(), resolved.bootstrapServers());
        final KafkaStreams streams = new KafkaStreams(topology, resolved.streamsProperties());
        final OpsMetrics metrics = new OpsMetrics(streams, registry::current, System::currentTimeMillis);
        final OpsServer ops = new OpsServer(resolved.httpPort(), streams::state, registry::current, metrics::scrape);
        final CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("The streams client went from {} to {}.", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("A stream thread failed and is being replaced: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down: closing the streams client and committing state.");
            streams.close(closeOptions(resolved));
            ops.close();
            metrics.close();
            stopped.countDown();
        }, "shutdown"));
        streams.start();
        ops.start();
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }

    /**
     * Leaves the consumer group on close so a restarted instance need not wait for the old session to time out,
     * except under static membership ({@code group.instance.id}), where staying avoids a rebalance on restart.
     */
    private static CloseOptions closeOptions(final StreamsSettings settings) {
        final boolean staticMember = settings.kafka().containsKey("group.instance.id");
        return CloseOptions.groupMembershipOperation(staticMember ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30));
    }
}
