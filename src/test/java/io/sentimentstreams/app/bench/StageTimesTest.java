package io.sentimentstreams.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageTimesTest {

    private static final String TAGS = "client_id=\"bench-1\",kafka_version=\"4.4.0\",role=\"scorer\",";

    @Test
    void shouldReadEveryStageInPassingOrderFromAPrometheusPage() {
        final StringBuilder page = new StringBuilder("# HELP kafka_sentiment_streams_scoring_stage_ms_p99 99th\n"
                + "# TYPE kafka_sentiment_streams_scoring_stage_ms_p99 gauge\n"
                + "kafka_sentiment_streams_scores_total{" + TAGS + "} 1200.0\n");
        final List<String> stages = List.of("forward", "score", "queue", "wait");       // not in passing order
        for (int i = 0; i < stages.size(); i++) {
            final String tags = TAGS + "stage=\"" + stages.get(i) + "\"";
            page.append("kafka_sentiment_streams_scoring_stage_ms_avg{").append(tags).append("} ").append(i + 0.5)
                    .append('\n')
                    .append("kafka_sentiment_streams_scoring_stage_ms_p50{").append(tags).append("} ").append(i)
                    .append(".0\n")
                    .append("kafka_sentiment_streams_scoring_stage_ms_p99{").append(tags).append("} ").append(i * 10)
                    .append(".0\n")
                    .append("kafka_sentiment_streams_scoring_stage_ms_max{").append(tags).append("} ").append(i * 20)
                    .append(".0\n");
        }

        final Map<String, StageTimes> times = StageTimes.parse(page.toString());

        assertEquals(List.of("wait", "queue", "score", "forward"), List.copyOf(times.keySet()));
        assertEquals(new StageTimes(3.5, 3, 30, 60), times.get("wait"));
        assertEquals(new StageTimes(0.5, 0, 0, 0), times.get("forward"));
    }

    @Test
    void shouldLeaveOutAStageWithoutAllItsFigures() {
        final String page = "kafka_sentiment_streams_scoring_stage_ms_p50{" + TAGS + "stage=\"wait\"} 5.0\n"
                + "kafka_sentiment_streams_scoring_stage_ms_p99{" + TAGS + "stage=\"wait\"} 9.0\n";

        assertEquals(Map.of(), StageTimes.parse(page));
    }
}
