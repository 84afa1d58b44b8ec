package io.sentimentstreams.app.kafka;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.QuietConsole;
import io.sentimentstreams.app.console.StopSignal;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.app.console.UserException;
import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import io.sentimentstreams.text.corpus.CorpusReader;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code produce}: streams a file of reviews into a topic as Avro {@code ReviewEvent}s, or {@code LabeledReview}s
 * with {@code --labeled}, keyed by review id ({@code <file name>:<n>}, n counting reviews from 1).
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Streams a file of reviews into a topic as Avro events, with progress on stderr.")
public final class ProduceCommand implements Callable<Integer> {

    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    private static final int MAX_BLOCK_MS = 30_000;

    @Spec
    private CommandSpec spec;

    @Mixin
    private BrokerOptions broker;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to write to.")
    private String topic;

    @Option(names = "--data", converter = Converters.ExistingPath.class, required = true, paramLabel = "PATH",
            description = "Reviews: *.tsv, *.tsv.gz, *.jsonl(.gz) or an aclImdb directory, labeled or not.")
    private Path data;

    @Option(names = "--labeled", description = "Write LabeledReview events (every review needs a label) "
            + "instead of ReviewEvent.")
    private boolean labeled;

    @Option(names = "--rate", paramLabel = "N", description = "At most N events per second (default: as fast as "
            + "the broker takes them).")
    private Double rate;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N reviews (default: the whole file).")
    private Long limit;

    @Option(names = "--on-malformed", paramLabel = "skip|fail", defaultValue = "skip",
            converter = Converters.Malformed.class,
            description = "What to do with a malformed line (default: ${DEFAULT-VALUE}).")
    private MalformedPolicy onMalformed;

    @Override
    public Integer call() {
                checkFlags();
        final StreamsSettings settings = broker.settings();
        final QuietConsole quiet = QuietConsole.attach();
        try {
            produce(settings, onMalformed);
        } finally {
            quiet.close();
        }
        return 0;
    }

    private void produce(final StreamsSettings settings, final MalformedPolicy policy) {
        final PrintWriter err = spec.commandLine().getErr();
        final String source = data.getFileName().toString();
        try (StopSignal stop = new StopSignal(() -> { });
             Stream<Review> reviews = CorpusReader.stream(data, policy, w -> err.println("warning: skipped " + w))) {
            final Iterator<Review> iterator = reviews.iterator();
            if (!iterator.hasNext()) {
                throw new UserException(data + " holds no reviews");
            }
            KafkaClients.requireTopic(settings, topic, broker.connectTimeout());
            try (KafkaProducer<String, byte[]> producer = KafkaClients.create(broker.bootstrapServers(),
                    () -> new KafkaProducer<>(producerProperties(settings), new StringSerializer(),
                            new ByteArraySerializer()))) {
                checkTopic(producer);
                final long start = System.nanoTime();
                final long sent = send(iterator, source, producer, stop);
                final double seconds = (System.nanoTime() - start) / 1e9;
                spec.commandLine().getOut().printf("%s %d reviews to %s in %.1f s (%.0f/s)%n",
                        stop.requested() ? "stopped: produced" : "produced", sent, topic, seconds, sent / seconds);
                spec.commandLine().getOut().flush();
            }
        }
    }

    private void checkFlags() {
        if (rate != null && !(rate > 0)) {
            throw new UsageException("--rate must be more than 0 events per second, got " + rate + ".");
        }
        if (limit != null && limit < 0) {
            throw new UsageException("--limit must be at least 0, got " + limit + ".");
        }
        broker.check();
    }

    /** Sends reviews until the file, the limit or Ctrl-C ends; returns how many were sent. */
    private long send(final Iterator<Review> reviews, final String source,
                      final KafkaProducer<String, byte[]> producer, final StopSignal stop) {
        final StreamSerdes serdes = StreamSerdes.create();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Pace pace = rate == null ? null : new Pace(rate, System::nanoTime);
        final Progress progress = new Progress(spec.commandLine().getErr(), System.nanoTime());
        long sent = 0;
        while (!stop.requested() && failure.get() == null && (limit == null || sent < limit) && reviews.hasNext()) {
            final Review review = reviews.next();
            final String id = source + ":" + (sent + 1);
            final byte[] value = labeled
                    ? serdes.labeled().serializer().serialize(topic, labeledEvent(id, source, review))
                    : serdes.reviews().serializer().serialize(topic, event(id, source, review));
            waitForPace(pace);
            producer.send(new ProducerRecord<>(topic, id, value), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            sent++;
            progress.maybeReport(sent, System.nanoTime());
        }
        producer.flush();
        if (failure.get() != null) {
            throw new UserException("cannot write to topic '" + topic + "': " + failure.get().getMessage());
        }
        return sent;
    }

    private static void waitForPace(final Pace pace) {
        if (pace == null) {
            return;
        }
        for (long wait = pace.nanosUntilNext(); wait > 0; wait = pace.nanosUntilNext()) {
            LockSupport.parkNanos(wait);
        }
        pace.sent();
    }

    private static ReviewEvent event(final String id, final String source, final Review review) {
        return ReviewEvent.newBuilder().setId(id).setText(review.text()).setEventTime(Instant.now())
                .setSource(source).build();
    }

    private LabeledReview labeledEvent(final String id, final String source, final Review review) {
        if (!review.labeled()) {
            throw new UserException(data + " has an unlabeled review (review " + id + "); --labeled needs "
                    + "label<TAB>text lines, JSONL with \"label\", or the aclImdb pos/neg folders");
        }
        return LabeledReview.newBuilder().setReview(event(id, source, review)).setLabel(review.label()).build();
    }

    /** Fetches the topic's partitions before the first send, failing in one line within a bounded time. */
    private void checkTopic(final KafkaProducer<String, byte[]> producer) {
        try {
            producer.partitionsFor(topic);
        } catch (final TimeoutException e) {
            throw new UserException("cannot fetch the partitions of topic '" + topic + "' from "
                    + broker.bootstrapServers() + " within " + MAX_BLOCK_MS / 1000 + " s: " + e.getMessage());
        }
    }

    private static Properties producerProperties(final StreamsSettings settings) {
        final Properties props = new Properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
        settings.kafka().forEach(props::put);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return props;
    }

    /** Prints the count and the rate since the last report on stderr, every few seconds. */
    private static final class Progress {

        private final PrintWriter err;
        private long lastNanos;
        private long lastCount;

        Progress(final PrintWriter err, final long startNanos) {
            this.err = err;
            this.lastNanos = startNanos;
        }

        void maybeReport(final long count, final long nowNanos) {
            if (nowNanos - lastNanos < PROGRESS_EVERY_NANOS) {
                return;
            }
            final double perSecond = (count - lastCount) / ((nowNanos - lastNanos) / 1e9);
            err.printf("produced %d reviews (%.0f/s)%n", count, perSecond);
            err.flush();
            lastNanos = nowNanos;
            lastCount = count;
        }
    }
}
