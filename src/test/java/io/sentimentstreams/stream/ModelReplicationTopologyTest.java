package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.avro.SentimentScore;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.Param;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReplicationTopologyTest {

    @TempDir
    Path stateDir;

    private StreamFixture fixture;

    @BeforeEach
    void start() {
        fixture = new StreamFixture(stateDir, Map.of());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldScoreWithAPublishedModelVersion() {
        publish(3, confidentlyPositiveModel());
        fixture.driver.advanceWallClockTime(Duration.ofMillis(2_000));
        fixture.pipeReview("r-0", "any text at all");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));

        final SentimentScore score = fixture.scores.readValue();
        assertEquals(3, score.getModelVersion());
        assertEquals(2_050 - 1_000, score.getModelAgeMs(), "scoredTime minus the snapshot's createdTime");
        assertTrue(score.getPositiveProbability() > 0.99, "scored by the new weights: " + score);
    }

    @Test
    void shouldKeepTheNewerModelWhenAnOlderSnapshotArrives() {
        publish(3, confidentlyPositiveModel());
        publish(2, fixture.settings.initialModel().create());
        assertEquals(3, fixture.registry.current().version());
    }

    @Test
    void shouldSkipAnUndecodableSnapshot() {
        fixture.models.pipeInput(fixture.settings.modelLine(), new byte[] {(byte) 0xC3, 1, 2, 3});
        assertScoredWithVersion(0);
    }

    @Test
    void shouldSkipASnapshotWithACorruptModelFile() {
        final byte[] model = ModelFile.toBytes(confidentlyPositiveModel());
        model[model.length / 2] ^= 0x55;
        fixture.models.pipeInput(fixture.settings.modelLine(), StreamFixture.encode(snapshot(3, model)));
        assertScoredWithVersion(0);
    }

    @Test
    void shouldIgnoreASnapshotOfAnotherModelLine() {
        fixture.models.pipeInput("another-line",
                StreamFixture.encode(snapshot(3, ModelFile.toBytes(confidentlyPositiveModel()))));
        assertScoredWithVersion(0);
    }

    @Test
    void shouldDeadLetterAnUndecodableSnapshotOnceAndPublishAUsableOneAfterIt() {
        fixture.close();
        fixture = new StreamFixture(stateDir, OnlineTrainingTopologyTest.TRAINING);
        OnlineTrainingTopologyTest.pipeLabeled(fixture, SyntheticReviews.generate(160, 11));   // version 1
        fixture.snapshots.readValuesToList();
        final byte[] garbage = {(byte) 0xC3, 1, 2, 3};
        fixture.models.pipeInput(fixture.settings.modelLine(), garbage);
        fixture.driver.advanceWallClockTime(Duration.ofMillis(1_000));
        fixture.driver.advanceWallClockTime(Duration.ofMillis(1_000));

        final List<TestRecord<String, byte[]>> letters = fixture.deadLetters.readRecordsToList();
        assertEquals(1, letters.size(), "sent once");
        assertArrayEquals(garbage, letters.get(0).value());
        assertEquals(DeadLetterReason.UNDECODABLE.name(), header(letters.get(0), DeadLetters.REASON_CODE));
        assertEquals(fixture.settings.topics().models(), header(letters.get(0), DeadLetters.SOURCE_TOPIC));
        final List<ModelSnapshot> snapshots = OnlineTrainingTopologyTest.snapshots(fixture);
        assertEquals(1, snapshots.size(), "the garbage was the newest record of the line: the model is published again");
        assertEquals(2, snapshots.get(0).getVersion());
        assertEquals(1, snapshots.get(0).getParentVersion());
        assertEquals(2, fixture.registry.current().version());
        assertEquals(1.0, Metrics.value(fixture.driver, StreamMetrics.DEAD_LETTERS_TOTAL,
                Map.of("reason", DeadLetterReason.UNDECODABLE.name())));
    }

    private static String header(final TestRecord<String, byte[]> record, final String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private void assertScoredWithVersion(final long version) {
        fixture.pipeReview("r-0", "still scored");
        fixture.driver.advanceWallClockTime(Duration.ofMillis(50));
        assertEquals(version, fixture.scores.readValue().getModelVersion());
    }

    private void publish(final long version, final SentimentModel model) {
        fixture.models.pipeInput(fixture.settings.modelLine(),
                StreamFixture.encode(snapshot(version, ModelFile.toBytes(model))));
    }

    /** The initial model with an output bias that makes every review positive. */
    private SentimentModel confidentlyPositiveModel() {
        final SentimentModel model = fixture.settings.initialModel().create();
        final List<Param> params = model.network().params();
        params.get(params.size() - 1).value().putScalar(0, -10.0).putScalar(1, 10.0);   // bY
        return model;
    }

    static ModelSnapshot snapshot(final long version, final byte[] model) {
        return ModelSnapshot.newBuilder()
                .setVersion(version)
                .setParentVersion(version - 1)
                .setCreatedTime(StreamFixture.START.plusMillis(1_000))
                .setModel(ByteBuffer.wrap(model))
                .setTrainingSteps(10 * version)
                .setExamplesSeen(320 * version)
                .setSeed(42)
                .setLabelOffsets(List.of())
                .build();
    }
}
