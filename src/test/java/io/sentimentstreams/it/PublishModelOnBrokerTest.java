package io.sentimentstreams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.Main;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.avro.ModelSnapshot;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.model.Trainer;
import io.sentimentstreams.model.TrainingConfig;
import io.sentimentstreams.model.TrainingListener;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.stream.StreamsSettings;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained offline, published with {@code publish-model}, reaches a running instance as the next version, and
 * the online trainer continues from it.
 */
class PublishModelOnBrokerTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @TempDir
    Path dir;

    @Test
    void shouldPublishAnOfflineModelAsTheNextVersion() throws Exception {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "publish",
                dir.resolve("state"), "instance-p", Map.of());
        BROKER.kafka().createTopics(settings);
        final Path config = dir.resolve("stream.properties");
        Files.writeString(config, StreamsSettings.TOPICS_MODELS + "=" + settings.topics().models() + "\n");
        final Path modelFile = dir.resolve("offline.ssm");
        final SentimentModel offline = offlineModel();
        ModelFile.save(offline, modelFile);

        try (StreamsInstance instance = StreamsInstance.start(settings)) {
            assertEquals(0, instance.registry.current().version());
            assertTrue(publish(config, modelFile).contains("as model version 1 (parent 0)"));
            Await.until("the instance loads version 1", () -> instance.registry.current().version() == 1,
                    () -> "version " + instance.registry.current().version());
            assertTrue(publish(config, modelFile).contains("as model version 2 (parent 1)"));
            Await.until("the instance loads version 2", () -> instance.registry.current().version() == 2,
                    () -> "version " + instance.registry.current().version());
            assertEquals(offline.network().config(), instance.registry.current().model().network().config());
            instance.assertHealthy();
        }
    }

    @Test
    void shouldContinueTrainingFromAPublishedModelWithoutReusingAVersion() throws Exception {
        final StreamsSettings settings = StreamsInstance.settings(BROKER.kafka(), "continue", dir.resolve("state"),
                "instance-c", Map.of(StreamsSettings.TRAINING_BATCH_SIZE, "16",
                        StreamsSettings.TRAINING_SNAPSHOT_EVERY_STEPS, "4"));
        BROKER.kafka().createTopics(settings);
        final StreamsSettings.Topics topics = settings.topics();
        final Path config = dir.resolve("stream.properties");
        Files.writeString(config, StreamsSettings.TOPICS_MODELS + "=" + topics.models() + "\n");
        final Path modelFile = dir.resolve("offline.ssm");
        final SentimentModel offline = offlineModel();
        ModelFile.save(offline, modelFile);
        final List<Review> labeled = SyntheticReviews.generate(128, 2);

        try (StreamsInstance instance = StreamsInstance.start(settings);
             Events events = new Events(BROKER.kafka().bootstrapServers());
             TopicReader models = new TopicReader(BROKER.kafka().bootstrapServers(), topics.models())) {
            sendLabeled(events, topics.labeledReviews(), labeled.subList(0, 64));
            models.until("the trainer publishes version 1", read -> !read.isEmpty());
            assertTrue(publish(config, modelFile).contains("as model version 2 (parent 1)"));
            Await.until("the instance loads version 2", () -> instance.registry.current().version() == 2,
                    () -> "version " + instance.registry.current().version());
            sendLabeled(events, topics.labeledReviews(), labeled.subList(64, 128));
            final List<ModelSnapshot> snapshots = models.until("the trainer publishes the next version",
                    read -> read.size() >= 3).stream().map(Events::snapshot).toList();
            instance.assertHealthy();

            assertEquals(List.of(1L, 2L, 3L), snapshots.stream().map(ModelSnapshot::getVersion).toList(),
                    "every version once, in order");
            assertEquals(2, snapshots.get(2).getParentVersion());
            assertEquals(offline.network().config(), ModelFile.fromBytes(bytes(snapshots.get(2))).network().config(),
                    "version 3 is trained from the published model");
        }
    }

    private static SentimentModel offlineModel() {
        return new Trainer(new TrainingConfig(CellType.GRU, 8, 8, Pooling.MAX, 0, 1, 16,
                1e-2, 1, 5, "adam", 60, Truncation.HEAD_TAIL, 500, 1, 0, 0, Init.Recurrent.ORTHOGONAL, 1, 5, 1),
                TrainingListener.SILENT).train(SyntheticReviews.generate(64, 1), List.of(), Map.of());
    }

    private static void sendLabeled(final Events events, final String topic, final List<Review> reviews) {
        for (int i = 0; i < reviews.size(); i++) {
            events.sendLabeled(topic, "l-" + i, Events.labeled("l-" + i, reviews.get(i)));
        }
        events.flush();
    }

    private static byte[] bytes(final ModelSnapshot snapshot) {
        final ByteBuffer buffer = snapshot.getModel().duplicate();
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String publish(final Path config, final Path modelFile) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "publish-model",
                "--bootstrap-servers", BROKER.kafka().bootstrapServers(), "--model", modelFile.toString(),
                "--config", config.toString());
        assertEquals(0, code, err.toString());
        return out.toString();
    }
}
