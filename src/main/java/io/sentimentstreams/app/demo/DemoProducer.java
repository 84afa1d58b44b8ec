package io.sentimentstreams.app.demo;

import io.sentimentstreams.app.kafka.Pace;
import io.sentimentstreams.avro.LabeledReview;
import io.sentimentstreams.avro.ReviewEvent;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import io.sentimentstreams.text.corpus.Review;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's producer: streams labeled reviews into the training topic and, label withheld, reviews into the
 * scoring topic at a steady rate, plus {@value #BAD_EVENTS} deliberately bad events halfway through the first round.
 * Each review's event time is its produce time, so a score carries its own end-to-end start.
 */
public final class DemoProducer implements Runnable {

    /** Bad events sent: undecodable bytes, an empty text, a label out of range. */
    static final int BAD_EVENTS = 3;

    private static final String REVIEW_PREFIX = "review-";
    private static final Pattern REVIEW_ID = Pattern.compile(REVIEW_PREFIX + "(\\d+)-(\\d+)");

    private final StreamsSettings.Topics topics;
    private final List<Review> labeled;
    private final List<Review> unlabeled;
    private final double rate;
    private final boolean follow;
    private final StreamSerdes serdes = StreamSerdes.create();
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicLong producedUnlabeled = new AtomicLong();
    private final AtomicLong producedLabeled = new AtomicLong();
    private final AtomicLong producedBad = new AtomicLong();

    DemoProducer(final String bootstrapServers, final StreamsSettings.Topics topics, final List<Review> labeled,
                 final List<Review> unlabeled, final double rate, final boolean follow) {
        this.topics = topics;
        this.labeled = List.copyOf(labeled);
        this.unlabeled = List.copyOf(unlabeled);
        this.rate = rate;
        this.follow = follow;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        final Pace pace = new Pace(rate, System::nanoTime);
        final int rounds = follow ? Integer.MAX_VALUE : 1;
        final int count = Math.max(labeled.size(), unlabeled.size());
        for (int round = 0; round < rounds && !stop.get(); round++) {
            for (int i = 0; i < count && !stop.get(); i++) {
                LockSupport.parkNanos(pace.nanosUntilNext());
                final String suffix = round + "-" + i;
                if (i < labeled.size()) {
                    sendLabeled("labeled-" + suffix, labeled.get(i).text(), labeled.get(i).label());
                }
                if (i < unlabeled.size()) {
                    sendReview(REVIEW_PREFIX + suffix, unlabeled.get(i));
                }
                pace.sent();
                if (round == 0 && i == count / 2) {
                    sendBadEvents();
                }
            }
        }
        producer.flush();
        done.set(true);
    }

    private void sendLabeled(final String id, final String text, final int label) {
        final LabeledReview value = LabeledReview.newBuilder().setReview(event(id, text)).setLabel(label).build();
        send(topics.labeledReviews(), id, serdes.labeled().serializer().serialize(topics.labeledReviews(), value));
        producedLabeled.incrementAndGet();
    }

    private void sendReview(final String id, final Review review) {
        send(topics.reviews(), id, serdes.reviews().serializer().serialize(topics.reviews(), event(id, review.text())));
        producedUnlabeled.incrementAndGet();
    }

    private void sendBadEvents() {
        final byte[] garbage = new byte[24];
        new Random(7).nextBytes(garbage);
        send(topics.reviews(), "bad-undecodable", garbage);
        send(topics.reviews(), "bad-empty-text",
                serdes.reviews().serializer().serialize(topics.reviews(), event("bad-empty-text", "")));
        final LabeledReview badLabel = LabeledReview.newBuilder()
                .setReview(event("bad-label", "A label of seven means nothing.")).setLabel(7).build();
        send(topics.labeledReviews(), "bad-label",
                serdes.labeled().serializer().serialize(topics.labeledReviews(), badLabel));
        producedBad.set(BAD_EVENTS);
    }

    private static ReviewEvent event(final String id, final String text) {
        return ReviewEvent.newBuilder().setId(id).setText(text).setEventTime(Instant.now()).build();
    }

    private void send(final String topic, final String key, final byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Asks the producer to stop after the current review. */
    void stop() {
        stop.set(true);
    }

    /** Whether every review has been sent and acknowledged. */
    boolean done() {
        return done.get();
    }

    long producedUnlabeled() {
        return producedUnlabeled.get();
    }

    long producedLabeled() {
        return producedLabeled.get();
    }

    /** Bad events sent so far: none before halfway through the first round, then {@value #BAD_EVENTS}. */
    long producedBad() {
        return producedBad.get();
    }

    /** A review sent for scoring: its sequence number and its true label, withheld from the event. */
    record Sent(long sequence, int withheldLabel) {
    }

    /**
     * The review sent for scoring with this id ({@code review-<round>-<index>}; its sequence number is the round
     * times the reviews per round, plus the index), or null for an id this producer does not send.
     */
    Sent sent(final String id) {
        final int[] roundAndIndex = parse(id);
        return roundAndIndex == null ? null : new Sent((long) roundAndIndex[0] * unlabeled.size() + roundAndIndex[1],
                unlabeled.get(roundAndIndex[1]).label());
    }

    /** {round, index} of a review id of this producer, or null. */
    private int[] parse(final String id) {
        final Matcher m = REVIEW_ID.matcher(id);
        if (!m.matches()) {
            return null;
        }
        try {
            final int round = Integer.parseInt(m.group(1));
            final int index = Integer.parseInt(m.group(2));
            return index < unlabeled.size() ? new int[] {round, index} : null;
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /** Closes the producer, waiting a bounded time for what is still in flight. */
    void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
