package io.sentimentstreams.app;

import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the scores and dead letters with a {@code read_committed} consumer (no group, from the beginning) and keeps
 * the demo's tallies: reviews scored once and more than once, end-to-end latency (event time, which the producer
 * sets to its produce time, to the moment the score is read), scoring accuracy against the withheld labels.
 */
final class ScoreTally implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String scoresTopic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final StreamSerdes serdes = StreamSerdes.create();
    private final Function<String, Integer> withheldLabel;
    private final Set<String> scoredIds = new HashSet<>();
    private final List<Long> latenciesMs = new ArrayList<>();
    private long duplicates;
    private long deadLettered;
    private long labeledScores;
    private long correctScores;
    private long lastScoreNanos;
    private int windowStart;

    ScoreTally(final String bootstrapServers, final StreamsSettings.Topics topics,
               final Function<String, Integer> withheldLabel) {
        this.scoresTopic = topics.scores();
        this.withheldLabel = withheldLabel;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = Stream.of(topics.scores(), topics.deadLetters())
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has arrived, waiting up to 100 ms. */
    void poll() {
        for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            if (record.topic().equals(scoresTopic)) {
                count(serdes.scores().deserializer().deserialize(record.topic(), record.value()));
            } else {
                deadLettered++;
            }
        }
    }

    private void count(final SentimentScore score) {
        final String id = score.getReviewId();
        if (!scoredIds.add(id)) {
            duplicates++;
            return;
        }
        lastScoreNanos = System.nanoTime();
        latenciesMs.add(Math.max(0, System.currentTimeMillis() - score.getEventTime().toEpochMilli()));
        final Integer label = withheldLabel.apply(id);
        if (label != null) {
            labeledScores++;
            if (label == score.getPredictedLabel()) {
                correctScores++;
            }
        }
    }

    long scored() {
        return scoredIds.size();
    }

    long duplicates() {
        return duplicates;
    }

    long deadLettered() {
        return deadLettered;
    }

    /** When the last new score was read, in {@link System#nanoTime()} time; 0 before the first. */
    long lastScoreNanos() {
        return lastScoreNanos;
    }

    /** Share of scored reviews whose predicted label is the withheld one; NaN before the first. */
    double scoringAccuracy() {
        return labeledScores == 0 ? Double.NaN : (double) correctScores / labeledScores;
    }

    /** Latency quantile over every score read so far, in ms; NaN before the first. */
    double latencyQuantileMs(final double q) {
        return quantile(latenciesMs, q);
    }

    /** Latency quantiles {@code qs} over the scores read since the previous call, in ms; NaN when none. */
    double[] windowLatencyMs(final double... qs) {
        final List<Long> window = latenciesMs.subList(windowStart, latenciesMs.size());
        windowStart = latenciesMs.size();
        return Arrays.stream(qs).map(q -> quantile(window, q)).toArray();
    }

    private static double quantile(final List<Long> values, final double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        final long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        final int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    @Override
    public void close() {
        consumer.close();
    }
}
