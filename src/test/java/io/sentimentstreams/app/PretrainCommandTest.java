package io.sentimentstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.text.Vocabulary;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.Split;
import io.sentimentstreams.text.corpus.Splits;
import io.sentimentstreams.app.demo.SyntheticReviews;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrain} on unlabeled text, then {@code train --pretrained} and {@code evaluate}. */
class PretrainCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path unlabeled(final Path dir, final List<Review> reviews) throws Exception {
        final Path file = dir.resolve("unlabeled.tsv");
        Files.writeString(file, reviews.stream().map(Review::text).collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    private static Path labeled(final Path dir, final List<Review> reviews) throws Exception {
        final Path file = dir.resolve("labeled.tsv");
        Files.writeString(file, reviews.stream().map(r -> r.label() + "\t" + r.text())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    @Test
    void shouldPretrainThenFineTuneWithTheVocabularyAndSizesOfTheFile(@TempDir final Path dir) throws Exception {
        final Path text = unlabeled(dir, SyntheticReviews.generate(300, 7));
        final Path pretrained = dir.resolve("lm.ssm");
        final Run pretrain = run("pretrain", "--data", text.toString(), "--model-out", pretrained.toString(),
                "--hidden", "8", "--embedding", "6", "--batch", "16", "--chunk-tokens", "30", "--candidates", "32",
                "--threads", "1", "--seed", "3", "--weight-average", "0.99");
        assertEquals(0, pretrain.code(), pretrain.err());
        assertTrue(pretrain.out().contains("held-out perplexity"), pretrain.out());
        assertEquals("lm", ModelFile.load(pretrained).metadata().facts().get("pretrainedObjective"));
        assertEquals(0.99, ((Number) ModelFile.load(pretrained).metadata().facts()
                .get("pretrainingWeightAverage")).doubleValue());

        final Path data = labeled(dir, SyntheticReviews.generate(200, 8));
        final Path model = dir.resolve("model.ssm");
        final Run train = run("train", "--data", data.toString(), "--model-out", model.toString(), "--pretrained",
                pretrained.toString(), "--epochs", "2", "--batch", "16", "--threads", "1", "--pooling", "mean_max",
                "--layer-rate", "0.5", "--freeze-epochs", "1", "--adversarial", "0.5", "--weight-average", "0.99");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("training a gru (E=6, H=8, mean_max pooling"), train.err());
        final Map<String, Object> facts = ModelFile.load(model).metadata().facts();
        assertEquals(0.5, ((Number) facts.get("layerRate")).doubleValue());
        assertEquals(1, ((Number) facts.get("freezeEpochs")).intValue());
        assertEquals(0.5, ((Number) facts.get("adversarial")).doubleValue());
        assertEquals(0.99, ((Number) facts.get("weightAverage")).doubleValue());
        assertEquals(ModelFile.load(pretrained).pipeline().encoder(), ModelFile.load(model).pipeline().encoder());

        final Run evaluate = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, evaluate.code(), evaluate.err());
        assertEquals(200, new ObjectMapper().readTree(evaluate.out()).get("examples").asInt());
    }

    @Test
    void shouldLeaveOutTheValidationSplitOfALabeledFileButUseUnlabeledFilesWhole(@TempDir final Path dir)
            throws Exception {
        // Every labeled review carries a word of its own, so the vocabulary (min-count 1) tells which were read.
        final List<Review> synthetic = SyntheticReviews.generate(80, 9);
        final List<Review> reviews = IntStream.range(0, synthetic.size())
                .mapToObj(i -> new Review(synthetic.get(i).text() + " only" + letters(i), synthetic.get(i).label()))
                .toList();
        final Path labeled = labeled(dir, reviews);
        final Path unlabeled = unlabeled(dir, List.of(new Review("an unlabeled review about onlyunlabeled things",
                Review.UNLABELED)));
        final Path pretrained = dir.resolve("lm.ssm");
        final Run pretrain = run("pretrain", "--data", labeled.toString(), "--data", unlabeled.toString(),
                "--model-out", pretrained.toString(), "--hidden", "4", "--embedding", "4", "--chunk-tokens", "20",
                "--candidates", "16", "--min-count", "1", "--threads", "1", "--exclude-validation", "5");
        assertEquals(0, pretrain.code(), pretrain.err());

        final Split split = Splits.trainValidation(reviews, 0.1, 5);
        assertEquals(8, split.validation().size());
        assertTrue(pretrain.err().contains(labeled + ": 80 reviews, 8 of them left out (the validation split of "
                + "seed 5)"), pretrain.err());
        assertTrue(pretrain.err().contains(unlabeled + ": unlabeled reviews, used whole"), pretrain.err());
        assertTrue(pretrain.err().contains("on 73 reviews"), pretrain.err());
        final List<String> vocabulary = ((Vocabulary) ModelFile.load(pretrained).pipeline().encoder()).tokens();
        for (final Review review : split.validation()) {
            final String own = review.text().substring(review.text().lastIndexOf(' ') + 1);
            assertFalse(vocabulary.contains(own), own + " of a validation review was learned from");
        }
        assertTrue(vocabulary.contains("onlyunlabeled"), "the unlabeled file is used whole");
        assertTrue(split.train().stream().map(r -> r.text().substring(r.text().lastIndexOf(' ') + 1))
                .filter(vocabulary::contains).count() >= 60, "the training part is learned from");
        final Map<String, Object> facts = ModelFile.load(pretrained).metadata().facts();
        assertEquals(5, ((Number) facts.get("pretrainingExcludedValidationSeed")).intValue());
        assertEquals(0.1, ((Number) facts.get("pretrainingExcludedValidationFraction")).doubleValue());
    }

    /** 0 → "a", 25 → "z", 26 → "ba": a word the tokenizer keeps whole. */
    private static String letters(final int i) {
        return (i >= 26 ? letters(i / 26) : "") + (char) ('a' + i % 26);
    }

    @Test
    void shouldRefuseSizesThatContradictThePretrainedFileAsBadUsage(@TempDir final Path dir) throws Exception {
        final Path pretrained = dir.resolve("lm.ssm");
        assertEquals(0, run("pretrain", "--data", unlabeled(dir, SyntheticReviews.generate(40, 7)).toString(),
                "--model-out", pretrained.toString(), "--hidden", "8", "--embedding", "6", "--threads", "1").code());
        final Run train = run("train", "--data", labeled(dir, SyntheticReviews.generate(20, 8)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--pretrained", pretrained.toString(),
                "--hidden", "16");
        assertEquals(2, train.code());
        assertTrue(train.err().lines().findFirst().orElse("").contains("fixes the cell (gru), E=6, H=8"),
                train.err());

        final Run frozenTooLong = run("train", "--data", labeled(dir, SyntheticReviews.generate(20, 8)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--pretrained", pretrained.toString(),
                "--epochs", "1", "--freeze-epochs", "2");
        assertEquals(2, frozenTooLong.code());
        assertEquals("error: frozen epochs must be >= 0 and at most the epochs (1), got 2",
                frozenTooLong.err().lines().findFirst().orElse(""));

        final Run negative = run("train", "--data", labeled(dir, SyntheticReviews.generate(20, 8)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--adversarial", "-1");
        assertEquals(2, negative.code());
        assertEquals("error: adversarial epsilon must be >= 0 (0 = off), got -1.0",
                negative.err().lines().findFirst().orElse(""));

        final Run averageOfOne = run("train", "--data", labeled(dir, SyntheticReviews.generate(20, 8)).toString(),
                "--model-out", dir.resolve("m.ssm").toString(), "--weight-average", "1");
        assertEquals(2, averageOfOne.code());
        assertEquals("error: weight-average decay must be in [0, 1) (0 = off), got 1.0",
                averageOfOne.err().lines().findFirst().orElse(""));
    }

    @Test
    void shouldRejectAnUnknownObjectiveOrAnImpossibleDecayAsBadUsage(@TempDir final Path dir) throws Exception {
        final Run r = run("pretrain", "--data", unlabeled(dir, SyntheticReviews.generate(5, 7)).toString(),
                "--model-out", dir.resolve("lm.ssm").toString(), "--objective", "telepathy");
        assertEquals(2, r.code());
        assertEquals("error: invalid value 'telepathy' for --objective: expected lm",
                r.err().lines().findFirst().orElse(""));

        final Run average = run("pretrain", "--data", unlabeled(dir, SyntheticReviews.generate(5, 7)).toString(),
                "--model-out", dir.resolve("lm.ssm").toString(), "--weight-average", "-0.5");
        assertEquals(2, average.code());
        assertEquals("error: weight-average decay must be in [0, 1) (0 = off), got -0.5",
                average.err().lines().findFirst().orElse(""));
    }
}
