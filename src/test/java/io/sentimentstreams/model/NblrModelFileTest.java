package io.sentimentstreams.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NblrModelFileTest {

    private static final NblrModel MODEL = new NblrModel(2, new long[] {-5, 3, 99}, new float[] {0.5f, -1.25f, 2f},
            -0.125, Map.of("model", "nblr", "validationAccuracy", 0.9));

    @Test
    void shouldReadBackWhatItWrote(@TempDir final Path dir) {
        final Path file = dir.resolve("m.nblr");
        NblrModelFile.save(MODEL, file);
        final NblrModel read = NblrModelFile.load(file);
        assertEquals(2, read.maxN());
        assertArrayEquals(MODEL.keys(), read.keys());
        assertArrayEquals(MODEL.weights(), read.weights(), 0f);
        assertEquals(-0.125, read.bias(), 0.0);
        assertEquals(0.9, ((Number) read.facts().get("validationAccuracy")).doubleValue(), 0.0);
    }

    @Test
    void shouldRefuseAFileWithAFlippedBit() {
        final byte[] bytes = NblrModelFile.toBytes(MODEL);
        bytes[bytes.length - 20] ^= 1;
        final ModelFormatException e = assertThrows(ModelFormatException.class, () -> NblrModelFile.fromBytes(bytes));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void shouldRefuseATruncatedFile() {
        final byte[] bytes = NblrModelFile.toBytes(MODEL);
        assertThrows(ModelFormatException.class,
                () -> NblrModelFile.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 9)));
    }

    @Test
    void shouldOpenBothKindsOfModelFileForScoring(@TempDir final Path dir) throws Exception {
        final Path nblr = dir.resolve("m.nblr");
        NblrModelFile.save(MODEL, nblr);
        assertInstanceOf(NblrModel.class, TextScorers.load(nblr, 8));
        final Path network = dir.resolve("m.ssm");
        ModelFile.save(new Trainer(TestModels.tiny(io.sentimentstreams.nn.CellType.ELMAN, 1, 1),
                TrainingListener.SILENT).train(io.sentimentstreams.app.demo.SyntheticReviews.generate(32, 1),
                List.of(), Map.of()), network);
        assertInstanceOf(Scorer.class, TextScorers.load(network, 8));
        Files.writeString(dir.resolve("x"), "neither");
        assertThrows(ModelFormatException.class, () -> TextScorers.load(dir.resolve("x"), 8));
    }

    @Test
    void shouldScoreTheSigmoidOfBiasPlusTheWeightsOfTheNgramsFound() {
        final NblrModel model = NblrModelFile.fromBytes(NblrModelFile.toBytes(new NblrModel(1,
                new long[] {io.sentimentstreams.text.Ngrams.tokenKey("good")}, new float[] {2f}, -0.5, Map.of())));
        final double[] p = model.positiveProbabilities(List.of("Good, good!", "bad"));
        assertEquals(1 / (1 + Math.exp(-1.5)), p[0], 1e-12, "a binarized feature counts once");
        assertEquals(1 / (1 + Math.exp(0.5)), p[1], 1e-12);
    }
}
