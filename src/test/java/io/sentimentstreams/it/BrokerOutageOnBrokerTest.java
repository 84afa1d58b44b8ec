package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.stream.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code run} command in a JVM of its own, whose broker stops under it. */
class BrokerOutageOnBrokerTest {

    private static final long BROKER_TIMEOUT_MS = 3_000;
    /** Time for the probe's last answer to age past the timeout, plus the HTTP round trips of the checks. */
    private static final Duration NOT_READY_WITHIN = Duration.ofMillis(BROKER_TIMEOUT_MS + 2_000);

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path stateDir;

    @TempDir
    Path logDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void shouldTurnNotReadyWithinTheBrokerTimeoutAndStillStopOnSigtermWhenTheBrokerStops() throws Exception {
        // One test rather than two, because stopping the class's broker cannot be undone.
        final int port = freePort();
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "outage", stateDir, "instance-o",
                Map.of(StreamsSettings.HTTP_PORT, Integer.toString(port),
                        StreamsSettings.HTTP_READY_BROKER_TIMEOUT_MS, Long.toString(BROKER_TIMEOUT_MS)));
        BROKER.kafka().createTopics(settings);
        try (ChildJvm instance = ChildJvm.start(logDir, "run", List.of(ChildJvm.PRODUCTION_LOGGING),
                RunArguments.of(settings))) {
            Await.until("the instance is ready", () -> ready(port).statusCode() == 200 || !instance.isAlive(),
                    () -> "/health/ready answers " + ready(port) + "; its log:\n" + instance.stderr());
            assertTrue(instance.isAlive(), () -> "the instance ended by itself:\n" + instance.stderr());

            BROKER.stop();
            final String silent = "but no broker at " + BROKER.bootstrapServers() + " has answered for";
            Await.until("the instance is not ready, within the broker timeout of " + BROKER_TIMEOUT_MS + " ms",
                    NOT_READY_WITHIN, () -> ready(port).statusCode() == 503 && ready(port).body().contains(silent),
                    () -> "/health/ready answers " + ready(port));

            instance.terminate();
            assertTrue(instance.awaitExit(Duration.ofSeconds(30)),
                    () -> "it stops on SIGTERM with no broker to commit to; its log:\n" + instance.stderr());
            assertEquals(128 + 15, instance.exitValue(), () -> "the usual status after SIGTERM: " + instance.stderr());
        }
    }

    /** The answer of {@code /health/ready}; status 0 while nothing listens on the port yet. */
    private Response ready(final int port) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (final IOException e) {
            return new Response(0, e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Response(int statusCode, String body) {
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
