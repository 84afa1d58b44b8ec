package io.sentimentstreams.app.demo;

import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.stream.ModelRegistry;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.stream.serde.StreamSerdes;
import io.sentimentstreams.text.corpus.Review;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What {@code demo --scenario} does to the stream, and which events must follow:
 * <ul>
 *   <li>{@code poison}: from 35 % to 55 % of the labeled reviews, every third label is flipped; once the trainer has
 *   been through 60 % of them a tampered model is published from outside (its weights finite, but the word
 *   {@value #TRIGGER} explodes through it), and from 60 % of each stream on every fourth review contains that word.
 *   Expected: training steps rejected and a rollback;</li>
 *   <li>{@code drift}: from 60 % on, the labeled reviews come from another domain (the {@code --drift-data} file, or
 *   the synthetic reviews in another vocabulary). Expected: a drift detected;</li>
 *   <li>{@code challenger}: a challenger line with ten times the published line's learning rate. Expected: a
 *   promotion.</li>
 * </ul>
 */
public enum DemoScenario {
    POISON, DRIFT, CHALLENGER;

    /** {@code drift}: the share of the labeled reviews after which they come from the other domain. */
    static final double DRIFT_AT = 0.6;

    /** {@code poison}: the share of the labeled reviews learned after which the tampered model is published. */
    static final double TAMPER_AT = 0.6;

    /** The word whose embedding the tampered model of {@code poison} makes explode. */
    static final String TRIGGER = "zyzzyva";

    /**
     * The events counted at the end of a run.
     *
     * @param rejectedSteps training steps undone
     * @param rollbacks     rollbacks
     * @param nanScores     reviews scored NaN (dead-lettered as NON_FINITE_SCORE)
     * @param driftEvents   drifts detected
     * @param promotions    challengers promoted
     * @param heldCandidates snapshots held back by the promotion gate
     */
    public record Events(long rejectedSteps, long rollbacks, long nanScores, long driftEvents, long promotions,
                         long heldCandidates) {
    }

    /** The settings the scenario needs on top of the demo's. */
    Map<String, String> settings() {
        return switch (this) {
            case POISON -> Map.of(StreamsSettings.ROLLBACK_MIN_REVIEWS, "192",
                    StreamsSettings.TRAINING_CLIP_NORM, "0");
            case DRIFT -> Map.of(StreamsSettings.TRAINING_BATCH_SIZE, "16",   // twice the steps: a good model first
                    StreamsSettings.DRIFT_LAMBDA, "25", StreamsSettings.ROLLBACK_MIN_REVIEWS, "192");
            case CHALLENGER -> Map.of(StreamsSettings.CHALLENGER_ENABLED, "true",
                    StreamsSettings.TRAINING_LEARNING_RATE, "0.001",
                    StreamsSettings.CHALLENGER_LEARNING_RATE, "0.01",
                    StreamsSettings.CHALLENGER_WINDOW, "320",
                    StreamsSettings.CHALLENGER_MARGIN, "0.05");
        };
    }

    /** The labeled reviews as the scenario streams them. */
    List<Review> labeled(final List<Review> reviews, final List<Review> driftData) {
        final List<Review> out = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            final Review review = reviews.get(i);
            final double at = (double) i / reviews.size();
            out.add(switch (this) {
                case POISON -> poisoned(review, i, at);
                case DRIFT -> at < DRIFT_AT ? review : driftData != null && !driftData.isEmpty()
                        ? driftData.get(i % driftData.size()) : otherDomain(review);
                case CHALLENGER -> review;
            });
        }
        return out;
    }

    /** The reviews to score: with {@code poison}, every fourth from 60 % contains the trigger word. */
    List<Review> unlabeled(final List<Review> reviews) {
        if (this != POISON) {
            return reviews;
        }
        final List<Review> out = new ArrayList<>(reviews.size());
        for (int i = 0; i < reviews.size(); i++) {
            final Review review = reviews.get(i);
            out.add((double) i / reviews.size() >= 0.6 && i % 4 == 0
                    ? new Review(review.text() + " " + TRIGGER, review.label()) : review);
        }
        return out;
    }

    private static Review poisoned(final Review review, final int i, final double at) {
        if (at >= 0.35 && at < 0.55 && i % 3 == 0) {
            return new Review(review.text(), 1 - review.label());
        }
        if (at >= 0.6 && i % 4 == 0) {
            return new Review(review.text() + " " + TRIGGER, review.label());
        }
        return review;
    }

    /** The same review in another vocabulary: every word replaced by a made-up word of its own. */
    static Review otherDomain(final Review review) {
        final StringBuilder text = new StringBuilder();
        for (final String word : review.text().split("\\s+")) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            final String letters = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            text.append(letters.isEmpty() ? word : "q" + Integer.toString(Math.abs(letters.hashCode() % 46_656), 36)
                    + "x");
        }
        return new Review(text.toString(), review.label());
    }

    /** Whether the counted events are what the scenario must produce; else why not, in one line. */
    Optional<String> judge(final Events events) {
        return switch (this) {
            case POISON -> events.rejectedSteps() == 0 ? Optional.of("no training step was rejected")
                    : events.rollbacks() == 0 ? Optional.of("no rollback happened") : Optional.empty();
            case DRIFT -> events.driftEvents() == 0 ? Optional.of("no drift was detected") : Optional.empty();
            case CHALLENGER -> events.promotions() == 0 ? Optional.of("the challenger was not promoted")
                    : Optional.empty();
        };
    }

    /**
     * {@code poison}: publishes the serving model, tampered, as a new version from outside the trainer, as a
     * mistaken or malicious {@code publish-model} would. Its weights are finite, so the instances take it.
     *
     * @return the version published
     */
    static long publishTampered(final StreamsSettings settings, final ModelRegistry.LoadedModel serving) {
        final SentimentModel model = ModelFile.fromBytes(ModelFile.toBytes(serving.model()));
        param(model, "wHx").value().muli(1e10);
        param(model, "wE").value().getRow(model.pipeline().encode(TRIGGER)[0]).assign(1e30);
        final long version = serving.version() + 50;
        final ModelSnapshot snapshot = ModelSnapshot.newBuilder().setVersion(version)
                .setParentVersion(serving.version()).setCreatedTime(Instant.now())
                .setModel(ByteBuffer.wrap(ModelFile.toBytes(model))).setTrainingSteps(0).setExamplesSeen(0)
                .setSeed(0).setLabelOffsets(List.of()).setInstanceId("demo-poison").build();
        final Properties props = new Properties();
        settings.kafka().forEach(props::put);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(settings.trainerStateMaxBytes()));
        try (KafkaProducer<String, ModelSnapshot> producer = new KafkaProducer<>(props, new StringSerializer(),
                StreamSerdes.create().snapshots().serializer())) {
            producer.send(new ProducerRecord<>(settings.topics().models(), settings.modelLine(), snapshot)).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the tampered model", e);
        } catch (final java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot publish the tampered model: " + e.getCause().getMessage(), e);
        }
        return version;
    }

    private static Param param(final SentimentModel model, final String name) {
        return model.network().params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
