package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.text.corpus.Review;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    private static SentimentModel model;
    private static final List<String> TEXTS = SyntheticReviews.generate(20, 9).stream().map(Review::text).toList();

    @BeforeAll
    static void train() {
        model = new Trainer(TestModels.tiny(CellType.GRU, 1, 1), TrainingListener.SILENT)
                .train(SyntheticReviews.generate(100, 4), List.of(), Map.of("note", "test"));
    }

    @Test
    void shouldScoreIdenticallyAfterASaveAndLoad(@TempDir final Path dir) {
        final Path file = dir.resolve("model.ssm");
        ModelFile.save(model, file);
        final SentimentModel loaded = ModelFile.load(file);
        assertArrayEquals(model.newScorer(8).positiveProbabilities(TEXTS),
                loaded.newScorer(8).positiveProbabilities(TEXTS), 1e-6);
        assertEquals(model.network().config(), loaded.network().config());
        assertEquals(model.pipeline(), loaded.pipeline());
        assertEquals("test", loaded.metadata().facts().get("note"));
    }

    @Test
    void shouldKeepAHashingTokenizerAcrossASaveAndLoad() {
        final SentimentModel hashed = new Trainer(TestModels.hashing(CellType.ELMAN, 512), TrainingListener.SILENT)
                .train(SyntheticReviews.generate(50, 4), List.of(), Map.of());
        final SentimentModel loaded = ModelFile.fromBytes(ModelFile.toBytes(hashed));
        assertEquals(new io.sentimentstreams.text.HashingEncoder(512), loaded.pipeline().encoder());
        assertArrayEquals(hashed.newScorer(8).positiveProbabilities(TEXTS),
                loaded.newScorer(8).positiveProbabilities(TEXTS), 1e-6);
    }

    @Test
    void shouldRejectAFileWithAFlippedByte() {
        final byte[] bytes = ModelFile.toBytes(model);
        bytes[bytes.length / 2] ^= 0x10;
        final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bytes));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void shouldRejectATruncatedFile() {
        final byte[] bytes = ModelFile.toBytes(model);
        final ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.fromBytes(Arrays.copyOf(bytes, bytes.length - 100)));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void shouldRejectAFileThatIsNotAModel() {
        final ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.fromBytes("label\ttext\n1\tgreat movie, really great\n".getBytes()));
        assertTrue(e.getMessage().contains("not a sentiment-streams model"), e.getMessage());
    }

    @Test
    void shouldRejectANewerFormatVersion() {
        final byte[] bytes = ModelFile.toBytes(model);
        bytes[11] = 9;  // format version field, big-endian int after the 8 magic bytes
        final ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bytes));
        assertTrue(e.getMessage().contains("format version 9"), e.getMessage());
    }

    @Test
    void shouldNameTheFileWhenItIsMissing(@TempDir final Path dir) {
        final ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(dir.resolve("absent.ssm")));
        assertTrue(e.getMessage().contains("absent.ssm"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("absent.ssm")));
    }
}
