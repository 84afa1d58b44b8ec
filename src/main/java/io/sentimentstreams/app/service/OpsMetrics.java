package io.sentimentstreams.app.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sentimentstreams.stream.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The meters behind {@code /metrics}: every metric of the Kafka Streams client (its own and the processor's group
 * {@code sentiment-streams}, as {@code kafka_sentiment_streams_*}, tagged with the client's {@code role}) through Micrometer's {@link KafkaStreamsMetrics},
 * and gauges of the model this instance scores with.
 */
public final class OpsMetrics implements AutoCloseable {

    /** How often new Kafka metrics (e.g. of tasks assigned after start-up) are looked for. */
    static final Duration REFRESH = Duration.ofSeconds(15);

    static final String MODEL_VERSION = "sentiment.model.version";
    static final String MODEL_PARENT_VERSION = "sentiment.model.parent.version";
    static final String MODEL_AGE = "sentiment.model.age.seconds";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread thread = new Thread(runnable, "metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final List<KafkaStreamsMetrics> kafka = new ArrayList<>();

    /**
     * @param clients the streams clients of the instance by name ({@code scorer}, {@code trainer}), started or not;
     *                their meters carry the tag {@code role} with that name
     * @param model   the current model (held strongly by the gauges: Micrometer's default weak reference would let
     *                a method reference be collected, and the gauges read NaN)
     * @param clockMs the wall clock, in ms since the epoch (for the model's age)
     */
    OpsMetrics(final Map<String, KafkaStreams> clients, final Supplier<ModelRegistry.LoadedModel> model,
               final LongSupplier clockMs) {
        clients.forEach((name, streams) -> {
            final KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of("role", name), refresher,
                    REFRESH);
            binder.bindTo(registry);
            kafka.add(binder);
        });
        Gauge.builder(MODEL_VERSION, model, m -> m.get().version())
                .strongReference(true)
                .description("Version of the model this instance scores with; 0 for the initial, untrained model.")
                .register(registry);
        Gauge.builder(MODEL_PARENT_VERSION, model, m -> m.get().parentVersion())
                .strongReference(true)
                .description("Version the current model was trained from; -1 for none.")
                .register(registry);
        Gauge.builder(MODEL_AGE, model, m -> (clockMs.getAsLong() - m.get().createdTimeMs()) / 1000.0)
                .strongReference(true)
                .description("Time since the current model version was created.")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Every meter in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        kafka.forEach(KafkaStreamsMetrics::close);
        refresher.shutdownNow();
        registry.close();
    }
}
