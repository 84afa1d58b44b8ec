package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sentimentstreams.stream.StreamsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code run} command line of a test instance, for a {@link ChildJvm}. */
final class RunArguments {

    private RunArguments() {
    }

    /**
     * The {@code run} command line of an instance with {@code settings}: every setting a test instance changes from
     * the defaults, checked to give back exactly {@code settings}; {@code flags} last.
     */
    static List<String> of(final StreamsSettings settings, final String... flags) {
        final StreamsSettings.Topics topics = settings.topics();
        final Map<String, String> values = new TreeMap<>(settings.kafka());
        values.put(StreamsSettings.APPLICATION_ID, settings.applicationId());
        values.put(StreamsSettings.STATE_DIR, settings.stateDir());
        values.put(StreamsSettings.PROCESSING_GUARANTEE, settings.processingGuarantee());
        values.put(StreamsSettings.INSTANCE_ID, settings.instanceId());
        values.put(StreamsSettings.TOPICS_REVIEWS, topics.reviews());
        values.put(StreamsSettings.TOPICS_LABELED_REVIEWS, topics.labeledReviews());
        values.put(StreamsSettings.TOPICS_SCORES, topics.scores());
        values.put(StreamsSettings.TOPICS_MODELS, topics.models());
        values.put(StreamsSettings.TOPICS_DEAD_LETTERS, topics.deadLetters());
        values.put(StreamsSettings.TOPICS_MODEL_EVENTS, topics.modelEvents());
        values.put(StreamsSettings.SCORING_BATCH_MAX_RECORDS, Integer.toString(settings.scoringBatchMaxRecords()));
        values.put(StreamsSettings.SCORING_BATCH_MAX_WAIT_MS, Long.toString(settings.scoringBatchMaxWaitMs()));
        values.put(StreamsSettings.TRAINING_BATCH_SIZE, Integer.toString(settings.trainingBatchSize()));
        values.put(StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS,
                Integer.toString(settings.trainingSnapshotEverySteps()));
        values.put(StreamsSettings.MODEL_HASHING_BUCKETS, Integer.toString(settings.modelHashingBuckets()));
        values.put(StreamsSettings.MODEL_EMBEDDING, Integer.toString(settings.modelEmbedding()));
        values.put(StreamsSettings.MODEL_HIDDEN, Integer.toString(settings.modelHidden()));
        values.put(StreamsSettings.HTTP_PORT, Integer.toString(settings.httpPort()));
        values.put(StreamsSettings.TEXT_MAX_CHARS, Integer.toString(settings.textMaxChars()));
        values.put(StreamsSettings.FAILURE_THREAD_REPLACEMENTS, Integer.toString(settings.failureThreadReplacements()));
        values.put(StreamsSettings.FAILURE_WINDOW_MS, Long.toString(settings.failureWindowMs()));
        values.put(StreamsSettings.STATIC_MEMBERSHIP, Boolean.toString(settings.staticMembership()));
        values.put(StreamsSettings.HTTP_READY_BROKER_TIMEOUT_MS, Long.toString(settings.httpReadyBrokerTimeoutMs()));
        final Map<String, String> withBroker = new TreeMap<>(values);
        withBroker.put(StreamsSettings.BOOTSTRAP_SERVERS, settings.bootstrapServers());
        assertEquals(settings, StreamsSettings.of(withBroker), "the run command gets the instance's settings");

        final List<String> command = new ArrayList<>(List.of("run",
                "--bootstrap-servers", settings.bootstrapServers()));
        values.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        command.addAll(List.of(flags));
        return command;
    }
}
