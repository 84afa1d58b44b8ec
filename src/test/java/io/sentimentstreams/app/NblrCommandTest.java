package io.sentimentstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.app.demo.SyntheticReviews;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --cell nblr}, then {@code evaluate} and {@code score} on the file it wrote. */
class NblrCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldTrainTheBaselineThenEvaluateAndScoreWithIt(@TempDir final Path dir) throws Exception {
        final Path data = dir.resolve("reviews.tsv");
        Files.writeString(data, SyntheticReviews.generate(600, 4).stream().map(r -> r.label() + "\t" + r.text())
                .collect(Collectors.joining("\n", "", "\n")));
        final Path model = dir.resolve("baseline.nblr");
        final Run train = run("train", "--data", data.toString(), "--model-out", model.toString(), "--cell", "nblr");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("on 540 reviews, validating on 60"), train.err());
        assertTrue(train.out().contains("validation accuracy"), train.out());

        final Run evaluate = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, evaluate.code(), evaluate.err());
        final JsonNode json = new ObjectMapper().readTree(evaluate.out());
        assertEquals(600, json.get("examples").asInt());
        assertTrue(json.get("accuracy").asDouble() > 0.8, evaluate.out());

        final InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a great film\n\nawful, boring\n".getBytes(StandardCharsets.UTF_8)));
            final Run score = run("score", "--model", model.toString());
            assertEquals(0, score.code(), score.err());
            final List<String> lines = score.out().lines().toList();
            assertEquals(3, lines.size(), score.out());
            for (final String line : lines) {
                final double p = Double.parseDouble(line);
                assertTrue(p >= 0 && p <= 1, line);
            }
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void shouldEvaluateTheValidationPartAndAnEnsembleOfModels(@TempDir final Path dir) throws Exception {
        final Path data = dir.resolve("reviews.tsv");
        Files.writeString(data, SyntheticReviews.generate(400, 5).stream().map(r -> r.label() + "\t" + r.text())
                .collect(Collectors.joining("\n", "", "\n")));
        final Path trigrams = dir.resolve("trigrams.nblr");
        final Path unigrams = dir.resolve("unigrams.nblr");
        assertEquals(0, run("train", "--data", data.toString(), "--model-out", trigrams.toString(), "--cell", "nblr")
                .code());
        final Run train = run("train", "--data", data.toString(), "--model-out", unigrams.toString(), "--cell",
                "nblr", "--ngrams", "1");
        assertEquals(0, train.code(), train.err());

        final Run validation = run("evaluate", "--model", unigrams.toString(), "--data", data.toString(), "--json",
                "--split", "validation");
        assertEquals(0, validation.code(), validation.err());
        final JsonNode json = new ObjectMapper().readTree(validation.out());
        assertEquals(40, json.get("examples").asInt());
        assertTrue(train.out().contains(String.format(java.util.Locale.ROOT, "validation accuracy %.2f%%",
                100 * json.get("accuracy").asDouble())), train.out() + " vs " + validation.out());

        final Run ensemble = run("evaluate", "--model", unigrams.toString(), "--model", trigrams.toString(),
                "--data", data.toString(), "--json", "--split", "validation");
        assertEquals(0, ensemble.code(), ensemble.err());
        assertEquals(40, new ObjectMapper().readTree(ensemble.out()).get("examples").asInt());
        assertEquals(unigrams + "," + trigrams, new ObjectMapper().readTree(ensemble.out()).get("model").asText());
    }

    @Test
    void shouldHoldOutTheSplitOfTheSplitSeedWhateverTheModelSeed(@TempDir final Path dir) throws Exception {
        final Path data = dir.resolve("reviews.tsv");
        Files.writeString(data, SyntheticReviews.generate(400, 6).stream().map(r -> r.label() + "\t" + r.text())
                .collect(Collectors.joining("\n", "", "\n")));
        final Path model = dir.resolve("seed7.nblr");
        final Run train = run("train", "--data", data.toString(), "--model-out", model.toString(), "--cell", "nblr",
                "--ngrams", "1", "--seed", "7", "--split-seed", "3");

        assertEquals(0, train.code(), train.err());
        final JsonNode split3 = new ObjectMapper().readTree(run("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--json", "--split", "train", "--seed", "3").out());
        final JsonNode split7 = new ObjectMapper().readTree(run("evaluate", "--model", model.toString(), "--data",
                data.toString(), "--json", "--split", "train", "--seed", "7").out());
        assertEquals(1.0, split3.get("accuracy").asDouble(), "the model has learned its own training part");
        assertTrue(split7.get("accuracy").asDouble() < 1.0, "seed 7's training part holds reviews it never saw");
    }

    @Test
    void shouldRejectANegativePenaltyAsBadUsage(@TempDir final Path dir) throws Exception {
        final Path data = dir.resolve("reviews.tsv");
        Files.writeString(data, "1\tgood\n0\tbad\n");
        final Run r = run("train", "--data", data.toString(), "--model-out", dir.resolve("m").toString(),
                "--cell", "nblr", "--l2", "-1");
        assertEquals(2, r.code());
        assertEquals("error: L2 penalty must be a finite number >= 0, got -1.0", r.err().lines().findFirst().orElse(""));
    }
}
