package io.sentimentstreams.it;

import io.sentimentstreams.app.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded Kafka broker for a test class: started before its first test, closed after its last. Register it as
 * {@code @RegisterExtension static final EmbeddedBroker BROKER = new EmbeddedBroker();}.
 */
final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(final ExtensionContext context) {
        kafka = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** The running broker. */
    EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("The broker runs only while the test class runs.");
        }
        return kafka;
    }
}
