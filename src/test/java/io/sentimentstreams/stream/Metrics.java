package io.sentimentstreams.stream;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.TopologyTestDriver;

/** Reads the processor's own metrics from a test driver. */
final class Metrics {

    private Metrics() {
    }

    static double value(final TopologyTestDriver driver, final String name, final Map<String, String> tags) {
        for (final Map.Entry<MetricName, ? extends Metric> entry : driver.metrics().entrySet()) {
            final MetricName metric = entry.getKey();
            if (metric.group().equals(StreamMetrics.GROUP) && metric.name().equals(name)
                    && metric.tags().equals(tags)) {
                return ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " " + tags + " in group " + StreamMetrics.GROUP);
    }
}
