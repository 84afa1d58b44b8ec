package io.sentimentstreams.app.kafka;

import io.sentimentstreams.app.console.QuietConsole;
import io.sentimentstreams.app.console.StopSignal;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code consume}: prints the records of a topic as JSON lines on stdout (see {@link RecordJson}). It reads every
 * partition of the topic without a consumer group, so it commits nothing and disturbs no one.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the Avro events of a topic as JSON lines on stdout.")
public final class ConsumeCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read.")
    private String topic;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the newest.")
    private boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records (default: no limit).")
    private Long max;

    @Option(names = "--timeout-ms", paramLabel = "N",
            description = "Stop after N ms without a record (default: run until Ctrl-C).")
    private Long timeoutMs;

    @Override
    public Integer call() {
        checkFlags();
        final StreamsSettings settings = broker.settings();
        final QuietConsole quiet = QuietConsole.attach();
        try {
            consume(settings);
        } finally {
            quiet.close();
        }
        return 0;
    }

    private void consume(final StreamsSettings settings) {
        final RecordJson json = new RecordJson(StreamSerdes.create());
        KafkaClients.requireTopic(settings, topic, broker.connectTimeout());
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.create(broker.bootstrapServers(),
                () -> new KafkaConsumer<>(consumerProperties(settings), new StringDeserializer(),
                        new ByteArrayDeserializer()));
             StopSignal stop = new StopSignal(consumer::wakeup)) {
            assignAll(consumer);
            final long count = printRecords(consumer, json, stop);
            spec.commandLine().getErr().printf("consumed %d records from %s%n", count, topic);
            spec.commandLine().getErr().flush();
        }
    }

    private void checkFlags() {
        if (max != null && max < 1) {
            throw new UsageException("--max must be at least 1, got " + max + ".");
        }
        if (timeoutMs != null && timeoutMs < 1) {
            throw new UsageException("--timeout-ms must be at least 1, got " + timeoutMs + ".");
        }
        broker.check();
    }

    /**
     * Assigns every partition of the topic and looks up where reading starts in each, so that what is written
     * after this returns is read (without --from-beginning, records written before it are not); says so on stderr.
     */
    private void assignAll(final KafkaConsumer<String, byte[]> consumer) {
        final List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, broker.connectTimeout());
        } catch (final TimeoutException e) {
            throw new UserException("cannot reach " + broker.bootstrapServers() + " within "
                    + KafkaClients.format(broker.connectTimeout()) + " to read topic '" + topic + "'");
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new UserException("topic '" + topic + "' not found on " + broker.bootstrapServers()
                    + " (create it, or check --topic)");
        }
        final List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
        }
        try {
            assigned.forEach(partition -> consumer.position(partition, broker.connectTimeout()));
        } catch (final TimeoutException e) {
            throw new UserException("cannot look up the offsets of topic '" + topic + "' on "
                    + broker.bootstrapServers() + " within " + KafkaClients.format(broker.connectTimeout()));
        }
        spec.commandLine().getErr().printf("reading %s from the %s (%d partition%s)%n", topic,
                fromBeginning ? "beginning" : "end", assigned.size(), assigned.size() == 1 ? "" : "s");
        spec.commandLine().getErr().flush();
    }

    /** Prints records until --max, --timeout-ms or Ctrl-C; returns how many were printed. */
    private long printRecords(final KafkaConsumer<String, byte[]> consumer, final RecordJson json,
                              final StopSignal stop) {
        final PrintWriter out = spec.commandLine().getOut();
        long count = 0;
        long lastRecordNanos = System.nanoTime();
        try {
            while (!stop.requested() && (max == null || count < max) && !idleTooLong(lastRecordNanos)) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    out.println(json.line(record));
                    lastRecordNanos = System.nanoTime();
                    count++;
                    if (max != null && count >= max) {
                        break;
                    }
                }
                out.flush();
            }
        } catch (final WakeupException stopping) {
            // Ctrl-C: what was printed stays printed
        }
        out.flush();
        return count;
    }

    private boolean idleTooLong(final long lastRecordNanos) {
        return timeoutMs != null && System.nanoTime() - lastRecordNanos >= timeoutMs * 1_000_000L;
    }

    private static Properties consumerProperties(final StreamsSettings settings) {
        final Properties props = new Properties();
        settings.kafka().forEach(props::put);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(settings.trainerStateMaxBytes()));
        return props;
    }
}
