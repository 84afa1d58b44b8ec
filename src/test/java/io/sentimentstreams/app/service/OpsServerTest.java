package io.sentimentstreams.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.StreamsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The operations endpoints, served over real HTTP from stub state and model suppliers: no broker. */
class OpsServerTest {

    private static final long CREATED_MS = 1_735_689_600_000L;   // 2025-01-01T00:00:00Z
    private static final ModelRegistry.LoadedModel MODEL = new ModelRegistry.LoadedModel(
            StreamsSettings.of(Map.of(StreamsSettings.MODEL_HASHING_BUCKETS, "16",
                    StreamsSettings.MODEL_EMBEDDING, "4", StreamsSettings.MODEL_HIDDEN, "4")).initialModel().create(),
            7, 6, CREATED_MS);

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicReference<KafkaStreams.State> scorer = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private final AtomicReference<ModelRegistry.LoadedModel> model = new AtomicReference<>(MODEL);
    private final AtomicReference<Optional<String>> brokerProblem = new AtomicReference<>(Optional.empty());
    private OpsServer server;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        server = new OpsServer(0, () -> states(scorer.get(), state.get()), model::get, brokerProblem::get, () -> "sentiment_model_version 7.0\n");
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"CREATED", "REBALANCING", "RUNNING"})
    void shouldBeLiveWhileStartingRebalancingOrRunning(final KafkaStreams.State now) throws Exception {
        state.set(now);
        assertEquals(200, get("/health/live").statusCode());
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR"})
    void shouldNotBeLiveWhenFailedOrShuttingDown(final KafkaStreams.State now) throws Exception {
        state.set(now);
        final HttpResponse<String> response = get("/health/live");
        assertEquals(503, response.statusCode());
        assertEquals("scorer RUNNING; trainer " + now + "\n", response.body());
    }

    @Test
    void shouldNotBeLiveWhenTheScorerFailedWhileTheTrainerRuns() throws Exception {
        scorer.set(KafkaStreams.State.ERROR);
        final HttpResponse<String> response = get("/health/live");
        assertEquals(503, response.statusCode());
        assertEquals("scorer ERROR; trainer RUNNING\n", response.body());
    }

    private static Map<String, KafkaStreams.State> states(final KafkaStreams.State scorer,
                                                          final KafkaStreams.State trainer) {
        final Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
        states.put("scorer", scorer);
        states.put("trainer", trainer);
        return states;
    }

    @Test
    void shouldBeReadyWhenRunningWithAModel() throws Exception {
        assertEquals(200, get("/health/ready").statusCode());
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void shouldNotBeReadyUnlessRunning(final KafkaStreams.State now) throws Exception {
        state.set(now);
        assertEquals(503, get("/health/ready").statusCode());
    }

    @Test
    void shouldNotBeReadyButStayLiveWhileNoBrokerAnswers() throws Exception {
        brokerProblem.set(Optional.of("no broker at kafka:9092 has answered for 31 s"));
        final HttpResponse<String> ready = get("/health/ready");
        assertEquals(503, ready.statusCode());
        assertEquals("scorer RUNNING; trainer RUNNING, but no broker at kafka:9092 has answered for 31 s\n", ready.body());
        assertEquals(200, get("/health/live").statusCode(), "a restart would not bring the brokers back");
    }

    @Test
    void shouldServeTheMetricsAsPrometheusText() throws Exception {
        final HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertEquals("sentiment_model_version 7.0\n", response.body());
    }

    @Test
    void shouldDescribeTheCurrentModelAsJson() throws Exception {
        final HttpResponse<String> response = get("/model");
        assertEquals(200, response.statusCode());
        final JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals(7, body.get("version").asLong());
        assertEquals(6, body.get("parentVersion").asLong());
        assertEquals(CREATED_MS, body.get("createdTimeMs").asLong());
        assertEquals("2025-01-01T00:00:00Z", body.get("createdTime").asText());
        assertEquals(42, body.get("facts").get("seed").asLong());
    }

    @Test
    void shouldRejectOtherMethods() throws Exception {
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/health/live"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
    }

    @Test
    void shouldExportKafkaStreamsAndModelMetricsInPrometheusFormat() {
        try (KafkaStreams streams = unstartedStreams(); OpsMetrics metrics = new OpsMetrics(Map.of("scorer", streams),
                model::get, () -> CREATED_MS + 90_000)) {
            final String text = metrics.scrape();
            assertTrue(text.contains("kafka_stream_alive_stream_threads"), text);
            assertTrue(text.contains("role=\"scorer\""), text);
            assertTrue(text.contains("sentiment_model_version 7.0"), text);
            assertTrue(text.contains("sentiment_model_parent_version 6.0"), text);
            assertTrue(text.contains("sentiment_model_age_seconds 90.0"), text);
        }
    }

    /** A streams client that is built but never started, so it never contacts the (absent) broker. */
    private KafkaStreams unstartedStreams() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        final Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-server-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new KafkaStreams(builder.build(), properties);
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }
}
