package io.sentimentstreams.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opentest4j.AssertionFailedError;

/**
 * Reads every partition of one topic from the beginning with a {@code read_committed} consumer (no group), keeping
 * every record it has seen.
 */
final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicReader(final String bootstrapServers, final String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(256 * 1024 * 1024),
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(256 * 1024 * 1024)),
                new StringDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record read so far, in the order read. */
    List<ConsumerRecord<String, byte[]>> records() {
        return List.copyOf(records);
    }

    /** Polls until {@code done} holds for the records read so far; fails after {@code timeout}. */
    List<ConsumerRecord<String, byte[]>> until(final String what, final Duration timeout,
                                               final Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("Timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + " on topic " + topic + "; read " + records.size() + " records.");
            }
            poll();
        }
        return records();
    }

    List<ConsumerRecord<String, byte[]>> until(final String what,
                                               final Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return until(what, Await.DEFAULT_TIMEOUT, done);
    }

    /**
     * Reads up to the current end of every partition (the last stable offset: nothing after an open transaction)
     * and returns every record read so far.
     */
    List<ConsumerRecord<String, byte[]>> toEnd() {
        final Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        return until("the end offsets " + end + " are reached", Await.DEFAULT_TIMEOUT, read -> end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()));
    }

    /** The number of records read so far with each key. */
    Map<String, Long> countByKey() {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private void poll() {
        consumer.poll(POLL).forEach(records::add);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
