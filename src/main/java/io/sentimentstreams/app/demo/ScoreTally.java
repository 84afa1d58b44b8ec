package io.sentimentstreams.app.demo;

import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
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
 * sets to its produce time, to the moment the score is read), scoring accuracy against the withheld labels. Its
 * memory stays bounded under {@code --follow}: one bit per review produced and an HdrHistogram of latencies.
 */
public final class ScoreTally implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    /** Latency quantiles to three significant digits (1 ms up to 1 s, 10 ms up to 10 s). */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final String scoresTopic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final StreamSerdes serdes = StreamSerdes.create();
    private final Function<String, DemoProducer.Sent> sent;
    private final BitSet scoredSequences = new BitSet();
    private final Histogram latencies = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram window = new Histogram(SIGNIFICANT_DIGITS);
    private long scored;
    private long duplicates;
    private long deadLettered;
    private long nanScores;
    private long correctScores;
    private long lastScoreNanos;

    /**
     * @param sent the review the producer sent with an id (sequence number and withheld label), or null
     */
    ScoreTally(final String bootstrapServers, final StreamsSettings.Topics topics,
               final Function<String, DemoProducer.Sent> sent) {
        this.scoresTopic = topics.scores();
        this.sent = sent;
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
                final org.apache.kafka.common.header.Header code = record.headers()
                        .lastHeader(io.sentimentstreams.stream.DeadLetters.REASON_CODE);
                if (code != null && "NON_FINITE_SCORE".equals(new String(code.value(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    nanScores++;
                }
            }
        }
    }

    private void count(final SentimentScore score) {
        final String id = score.getReviewId();
        final DemoProducer.Sent review = sent.apply(id);
        if (review == null || review.sequence() > Integer.MAX_VALUE) {
            throw new IllegalStateException("A score for review '" + id + "', which the demo did not send.");
        }
        final int n = (int) review.sequence();
        if (scoredSequences.get(n)) {
            duplicates++;
            return;
        }
        scoredSequences.set(n);
        scored++;
        lastScoreNanos = System.nanoTime();
        final long latencyMs = System.currentTimeMillis() - score.getEventTime().toEpochMilli();
        latencies.recordValue(Math.max(0, latencyMs));
        window.recordValue(Math.max(0, latencyMs));
        if (review.withheldLabel() == score.getPredictedLabel()) {
            correctScores++;
        }
    }

    long scored() {
        return scored;
    }

    long duplicates() {
        return duplicates;
    }

    long deadLettered() {
        return deadLettered;
    }

    /** Reviews dead-lettered because the model scored them NaN: not scored, but not lost either. */
    long nanScores() {
        return nanScores;
    }

    /** When the last new score was read, in {@link System#nanoTime()} time; 0 before the first. */
    long lastScoreNanos() {
        return lastScoreNanos;
    }

    /** Share of scored reviews whose predicted label is the withheld one; NaN before the first. */
    double scoringAccuracy() {
        return scored == 0 ? Double.NaN : (double) correctScores / scored;
    }

    /** Latency quantile over every score read so far, in ms; NaN before the first. */
    double latencyQuantileMs(final double q) {
        return quantile(latencies, q);
    }

    /** Latency quantiles {@code qs} over the scores read since the previous call, in ms; NaN when none. */
    double[] windowLatencyMs(final double... qs) {
        final double[] quantiles = Arrays.stream(qs).map(q -> quantile(window, q)).toArray();
        window.reset();
        return quantiles;
    }

    private static double quantile(final Histogram histogram, final double q) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(100 * q);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
