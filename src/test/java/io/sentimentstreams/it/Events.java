package io.sentimentstreams.it;

import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.stream.serde.StreamSerdes;
import io.sentimentstreams.text.corpus.Review;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opentest4j.AssertionFailedError;

/**
 * Writes test events to the broker and decodes what the processor wrote back. A send the broker does not acknowledge
 * fails the test at the next {@link #flush()} or at {@link #close()}, naming the first error, rather than showing
 * only as records that never arrive.
 */
final class Events implements AutoCloseable {

    static final StreamSerdes SERDES = StreamSerdes.create();
    static final Instant EVENT_TIME = Instant.parse("2025-01-01T00:00:00Z");

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<SendFailure> firstFailure = new AtomicReference<>();

    /** The first send that failed: its topic and key, and why. */
    private record SendFailure(String topic, String key, Exception error) {
    }

    Events(final String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new ByteArraySerializer());
    }

    static ReviewEvent review(final String id, final String text) {
        return ReviewEvent.newBuilder().setId(id).setText(text).setEventTime(EVENT_TIME).build();
    }

    static LabeledReview labeled(final String id, final Review review) {
        return LabeledReview.newBuilder().setReview(review(id, review.text())).setLabel(review.label()).build();
    }

    static SentimentScore score(final ConsumerRecord<String, byte[]> record) {
        return SERDES.scores().deserializer().deserialize(record.topic(), record.value());
    }

    static ModelSnapshot snapshot(final ConsumerRecord<String, byte[]> record) {
        return SERDES.snapshots().deserializer().deserialize(record.topic(), record.value());
    }

    /** Sends reviews {@code prefix-from} ... {@code prefix-(to-1)}, keyed by id, with texts from {@code texts}. */
    void sendReviews(final String topic, final String prefix, final int from, final int to, final List<Review> texts) {
        for (int i = from; i < to; i++) {
            final String id = prefix + "-" + i;
            sendRaw(topic, id, SERDES.reviews().serializer().serialize(topic, review(id, texts.get(i).text())));
        }
        flush();
    }

    void sendLabeled(final String topic, final String id, final LabeledReview review) {
        sendRaw(topic, id, SERDES.labeled().serializer().serialize(topic, review));
    }

    void sendRaw(final String topic, final String key, final byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                firstFailure.compareAndSet(null, new SendFailure(topic, key, error));
            }
        });
    }

    /** Waits until everything sent is acknowledged by the broker; fails if a send so far was not. */
    void flush() {
        producer.flush();
        checkSent();
    }

    /** Sends one record and waits for its acknowledgement. */
    void sendAndWait(final String topic, final String key, final byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not send to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Closes the producer, after it has sent what it holds; fails if a send was not acknowledged. */
    @Override
    public void close() {
        producer.close();
        checkSent();
    }

    private void checkSent() {
        final SendFailure failure = firstFailure.get();
        if (failure != null) {
            throw new AssertionFailedError("The broker did not acknowledge the record with key '" + failure.key()
                    + "' sent to " + failure.topic() + ": " + failure.error(), failure.error());
        }
    }
}
