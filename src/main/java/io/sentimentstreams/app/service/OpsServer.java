package io.sentimentstreams.app.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sentimentstreams.stream.ModelRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints of one instance, for Kubernetes probes and Prometheus:
 * <ul>
 *   <li>{@code GET /health/live}: 200 unless a streams client of the instance failed or is shutting down, else
 *   503;</li>
 *   <li>{@code GET /health/ready}: 200 when every streams client of the instance (the scorer, the trainer, or both)
 *   is RUNNING and the brokers answer
 *   (see {@link BrokerProbe}), else 503;</li>
 *   <li>{@code GET /metrics}: every meter of {@link OpsMetrics} in the Prometheus text format;</li>
 *   <li>{@code GET /model}: the current model's version, lineage, creation time and training facts as JSON, and
 *   on the instance that trains, {@code lines}: the published line's and the challenger's figures and the serving
 *   version's accuracy on the labeled reviews (see {@code ModelRegistry#lines}).</li>
 * </ul>
 * Health bodies are each client's state as plain text, with the brokers' problem if there is one (as in
 * {@code scorer RUNNING; trainer RUNNING, but no broker at kafka:9092 has answered for 31 s}), so a failing probe shows why in
 * {@code kubectl describe}.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<Map<String, KafkaStreams.State>> states;
    private final Supplier<ModelRegistry.LoadedModel> model;
    private final Supplier<Optional<String>> brokerProblem;
    private final Supplier<Map<String, Object>> lines;

    /**
     * Binds {@code port} on all interfaces (0 for any free port); serves nothing until {@link #start}.
     *
     * @param states  the state of each streams client of the instance, by name ({@code scorer}, {@code trainer})
     * @param model   the current model, or null when none is loaded
     * @param brokerProblem empty while the brokers answer, else why not, in a phrase
     * @param metrics the Prometheus text of every meter
     */
    OpsServer(final int port, final Supplier<Map<String, KafkaStreams.State>> states,
              final Supplier<ModelRegistry.LoadedModel> model, final Supplier<Optional<String>> brokerProblem,
              final Supplier<String> metrics) {
        this(port, states, model, brokerProblem, metrics, Map::of);
    }

    /** As above, with {@code lines} the online trainer's figures of its model lines (empty where it does not run). */
    OpsServer(final int port, final Supplier<Map<String, KafkaStreams.State>> states,
              final Supplier<ModelRegistry.LoadedModel> model, final Supplier<Optional<String>> brokerProblem,
              final Supplier<String> metrics, final Supplier<Map<String, Object>> lines) {
        this.lines = lines;
        this.states = states;
        this.model = model;
        this.brokerProblem = brokerProblem;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot open the HTTP port " + port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(2, runnable -> {
            final Thread thread = new Thread(runnable, "ops-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", this::live);
        server.createContext("/health/ready", this::ready);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
        server.createContext("/model", this::model);
    }

    void start() {
        server.start();
        LOG.info("Serving /health/live, /health/ready, /metrics and /model on port {}.", port());
    }

    /** The port actually bound. */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    /** The JSON document of {@code /model}. */
    static Map<String, Object> describe(final ModelRegistry.LoadedModel loaded) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", loaded.version());
        body.put("parentVersion", loaded.parentVersion());
        body.put("createdTimeMs", loaded.createdTimeMs());
        body.put("createdTime", Instant.ofEpochMilli(loaded.createdTimeMs()).toString());
        body.put("facts", loaded.model().metadata().facts());
        return body;
    }

    private void live(final HttpExchange exchange) throws IOException {
        final Map<String, KafkaStreams.State> now = states.get();
        health(exchange, now.values().stream().allMatch(Health::isLive), Health.describe(now));
    }

    private void ready(final HttpExchange exchange) throws IOException {
        final Map<String, KafkaStreams.State> now = states.get();
        final Optional<String> problem = brokerProblem.get();
        health(exchange, now.values().stream().allMatch(state -> Health.isReady(state, problem)),
                Health.describe(now) + problem.map(p -> ", but " + p).orElse(""));
    }

    private static void health(final HttpExchange exchange, final boolean ok, final String body) throws IOException {
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", body + "\n");
    }

    private void model(final HttpExchange exchange) throws IOException {
        final Map<String, Object> body = describe(model.get());
        final Map<String, Object> figures = lines.get();
        if (!figures.isEmpty()) {
            body.put("lines", figures);
        }
        respond(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
                                final String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            final boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
