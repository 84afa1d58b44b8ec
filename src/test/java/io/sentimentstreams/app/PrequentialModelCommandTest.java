package io.sentimentstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sentimentstreams.app.demo.SyntheticReviews;
import io.sentimentstreams.text.corpus.Review;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prequential --model}: a trained model frozen, adapting and beside a model from scratch, per window. */
class PrequentialModelCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path tsv(final Path file, final List<Review> reviews) throws Exception {
        Files.writeString(file, reviews.stream().map(r -> r.label() + "\t" + r.text())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    @Test
    void shouldReportFrozenAdaptingAndFromScratchAccuracyPerWindowAndPlotIt(@TempDir final Path dir)
            throws Exception {
        final Path model = dir.resolve("model.ssm");
        assertEquals(0, run("train", "--data", tsv(dir.resolve("train.tsv"), SyntheticReviews.generate(800, 1))
                .toString(), "--model-out", model.toString(), "--epochs", "3", "--hidden", "16", "--embedding", "16",
                "--batch", "16", "--lr", "0.01", "--threads", "1").code());
        final Path stream = tsv(dir.resolve("stream.tsv"), SyntheticReviews.generate(300, 2));
        final Path png = dir.resolve("shift.png");
        final Run r = run("prequential", "--data", stream.toString(), "--model", model.toString(), "--window", "100",
                "--png", png.toString(), "--set", "model.hidden=8", "--set", "model.embedding=8",
                "--set", "model.hashing.buckets=500", "--set", "training.batch.size=20");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(1).matches("reviews\\s+frozen\\s+adapting\\s+from scratch"), r.out());
        assertTrue(lines.get(2).trim().startsWith("1..100 "), r.out());
        assertTrue(lines.get(4).trim().startsWith("201..300 "), r.out());
        assertTrue(lines.get(5).startsWith("all 300 "), r.out());
        assertEquals(6, lines.size(), r.out());
        final String[] all = lines.get(5).replace("all 300", "").trim().split("%?\\s+");
        assertEquals(3, all.length, lines.get(5));
        assertTrue(Double.parseDouble(all[0]) > 60, "the trained model does better than chance frozen: " + r.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void shouldRejectAWindowBelowOneAsBadUsage(@TempDir final Path dir) throws Exception {
        final Path model = dir.resolve("model.ssm");
        Files.writeString(model, "x");
        final Run r = run("prequential", "--data", tsv(dir.resolve("s.tsv"), SyntheticReviews.generate(10, 2))
                .toString(), "--model", model.toString(), "--window", "0");
        assertEquals(2, r.code());
        assertEquals("error: --window must be at least 1, got 0", r.err().lines().findFirst().orElse(""));
    }
}
