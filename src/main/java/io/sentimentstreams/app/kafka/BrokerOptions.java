package io.sentimentstreams.app.kafka;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.stream.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of a command that talks to a Kafka cluster as a plain client ({@code produce}, {@code consume},
 * {@code publish-model}): where the brokers are, how long to wait for them, and a file of settings (such as client
 * security).
 */
public final class BrokerOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    private String bootstrapServers;

    @Option(names = "--connect-timeout-ms", paramLabel = "N", defaultValue = "15000",
            description = "Fail when the brokers do not answer within N ms (default: ${DEFAULT-VALUE}).")
    private long connectTimeoutMs;

    @Option(names = "--config", converter = Converters.ExistingPath.class, paramLabel = "FILE", description = "A properties file of settings, such as Kafka "
            + "client security settings (see README: Configuration).")
    private Path config;

    /** Fails in one line on a bad value. */
    public void check() {
        if (connectTimeoutMs < 1) {
            throw new UsageException("--connect-timeout-ms must be at least 1, got " + connectTimeoutMs + ".");
        }
    }

    /** The client settings: defaults, then {@code --config}, then {@code SENTIMENT_*} variables, then the brokers. */
    public StreamsSettings settings() {
        return StreamsSettings.load(config, System.getenv(),
                Map.of(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(connectTimeoutMs);
    }
}
