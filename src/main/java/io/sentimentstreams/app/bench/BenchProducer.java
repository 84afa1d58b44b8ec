package io.sentimentstreams.app.bench;

import io.sentimentstreams.app.kafka.Pace;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.serde.StreamSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the benchmark's reviews as Avro {@code ReviewEvent}s keyed by their id {@code <phase>-<n>}, each with its
 * send time as event time: either as fast as the processor takes them (one permit per review, released when its
 * score is read, so the reviews in flight stay bounded) or paced at a fixed rate. An idempotent producer with
 * {@code acks=all} and a few milliseconds' linger ({@value #LINGER_MS} by default), as a well-behaved upstream
 * service would send them.
 */
public final class BenchProducer implements AutoCloseable {

    static final int LINGER_MS = 1;

    private final String topic;
    private final List<String> texts;
    private final StreamSerdes serdes = StreamSerdes.create();
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    BenchProducer(final String bootstrapServers, final String topic, final List<String> texts, final int lingerMs) {
        this.topic = topic;
        this.texts = List.copyOf(texts);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends reviews {@code prefix-0 .. prefix-(count-1)}, each once a permit is free; returns when all are sent. */
    void sendClosedLoop(final String prefix, final int count, final Semaphore permits) throws InterruptedException {
        for (int n = 0; n < count; n++) {
            permits.acquire();
            send(prefix, n);
        }
        producer.flush();
        checkSent();
    }

    /**
     * Sends reviews {@code prefix-0, prefix-1, ...} at {@code rate} per second until {@code count} are sent or
     * {@code stop} is set; returns how many were sent.
     */
    int sendPaced(final String prefix, final int count, final double rate, final AtomicBoolean stop) {
        final Pace pace = new Pace(rate, System::nanoTime);
        int n = 0;
        while (n < count && !stop.get()) {
            final long wait = pace.nanosUntilNext();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            send(prefix, n++);
            pace.sent();
        }
        producer.flush();
        checkSent();
        return n;
    }

    private void send(final String prefix, final int n) {
        final String id = prefix + "-" + n;
        final ReviewEvent review = ReviewEvent.newBuilder().setId(id).setText(texts.get(n % texts.size()))
                .setEventTime(Instant.now()).build();
        producer.send(new ProducerRecord<>(topic, id, serdes.reviews().serializer().serialize(topic, review)),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private void checkSent() {
        final Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("The broker did not take a review: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
