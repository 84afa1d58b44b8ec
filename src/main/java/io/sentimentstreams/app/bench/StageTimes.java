package io.sentimentstreams.app.bench;

import io.sentimentstreams.stream.ScoringStage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a review's time in the instance went, per stage of scoring (wait, queue, score, forward), as the instance's
 * {@code /metrics} reports its {@code scoring-stage-ms-*} metrics over the last metric sample windows.
 *
 * @param avgMs mean time of a review in the stage
 * @param p50Ms median, to 5 ms
 * @param p99Ms 99th percentile, to 5 ms
 * @param maxMs longest
 */
public record StageTimes(double avgMs, double p50Ms, double p99Ms, double maxMs) {

    private static final Pattern LINE = Pattern.compile(
            "^kafka_sentiment_streams_scoring_stage_ms_(avg|max|p50|p99)\\{([^}]*)} (\\S+)$");
    private static final Pattern STAGE = Pattern.compile("(?:^|,)stage=\"([a-z]+)\"");

    /** The stage times in a Prometheus text page, by stage in passing order; stages missing there are left out. */
    static Map<String, StageTimes> parse(final String page) {
        final Map<String, Map<String, Double>> values = new HashMap<>();
        for (final String line : page.split("\n")) {
            final Matcher matcher = LINE.matcher(line.trim());
            if (!matcher.matches()) {
                continue;
            }
            final Matcher stage = STAGE.matcher(matcher.group(2));
            if (stage.find()) {
                values.computeIfAbsent(stage.group(1), s -> new HashMap<>())
                        .put(matcher.group(1), Double.parseDouble(matcher.group(3)));
            }
        }
        final Map<String, StageTimes> stages = new LinkedHashMap<>();
        for (final ScoringStage stage : ScoringStage.values()) {           // in the order a review passes them
            final Map<String, Double> v = values.get(stage.id());
            if (v != null && v.keySet().containsAll(List.of("avg", "p50", "p99", "max"))) {
                stages.put(stage.id(), new StageTimes(v.get("avg"), v.get("p50"), v.get("p99"), v.get("max")));
            }
        }
        return stages;
    }

    /** Reads the stage times from the {@code /metrics} of an instance serving on {@code port} of this machine. */
    static Map<String, StageTimes> scrape(final int port) throws IOException, InterruptedException {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }
}
