package io.sentimentstreams.it;

import io.sentimentstreams.app.kafka.EmbeddedKafka;
import io.sentimentstreams.app.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded Kafka broker for a test class: started before its first test, closed after its last (or when a test
 * stops it). Register it as
 * {@code @RegisterExtension static final EmbeddedBroker BROKER = new EmbeddedBroker();}.
 */
final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;
    private String bootstrapServers;

    @Override
    public void beforeAll(final ExtensionContext context) {
        kafka = EmbeddedKafka.start();
        bootstrapServers = kafka.bootstrapServers();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        stop();
    }

    /** The running broker. */
    EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("The broker runs only while the test class runs, until stop().");
        }
        return kafka;
    }

    /**
     * Stops the broker for the rest of the test class (for tests of what happens without it), and waits until it
     * has stopped; {@link #bootstrapServers()} still names where it was.
     */
    void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** Where the broker is, or was once {@link #stop() stopped}. */
    String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The broker starts when the test class starts.");
        }
        return bootstrapServers;
    }
}
