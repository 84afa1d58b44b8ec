package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.PretrainingConfig;
import io.sentimentstreams.model.Pretrainer;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.Splits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pretrain}: a language model on unlabeled reviews, saved for {@code train --pretrained}. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrains the embedding and the recurrent layer as a next-token language model (sampled "
                + "softmax) on reviews, labeled or not, and writes them as a model file for 'train --pretrained'.",
                "Deterministic for a seed and thread count as long as the number of steps is the same "
                        + "(--minutes decides it by time; the file records it)."})
public final class PretrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH", converter = Converters.ExistingPath.class,
            description = "Reviews to learn from (labels are ignored): TSV or TSV.gz, JSONL, or an aclImdb directory. Repeatable.")
    private List<Path> data;

    @Option(names = "--model-out", required = true, paramLabel = "FILE", description = "Where to write the pretrained model.")
    private Path modelOut;

    @Option(names = "--objective", paramLabel = "NAME", defaultValue = "lm",
            description = "lm: next-token language model (default: ${DEFAULT-VALUE}).")
    private String objective;

    @Option(names = "--minutes", paramLabel = "N", description = "Stop at the first step after N minutes (default: no limit).")
    private Double minutes;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the reviews at most (default 1).")
    private Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 42).")
    private Long seed;

    @Option(names = "--cell", paramLabel = "CELL", converter = Converters.Cell.class,
            description = "gru, lstm or elman (default gru).")
    private CellType cell;

    @Option(names = "--bidirectional",
            description = "Also a backward language model sharing the embedding, for a bidirectional classifier.")
    private boolean bidirectional;

    @Option(names = "--weight-average", paramLabel = "DECAY",
            description = "Keep a moving average of the weights, step t weighing the old average by"
                    + " min(DECAY, (1+t)/(10+t)), and measure and save the average (e.g. 0.999; default 0, off).")
    private Double weightAverage;

    @Option(names = "--embedding", paramLabel = "N", description = "Embedding size E (default 128).")
    private Integer embedding;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden size H (default 128).")
    private Integer hidden;

    @Option(names = "--vocab-size", paramLabel = "N", description = "Largest vocabulary (default 30000).")
    private Integer vocabularySize;

    @Option(names = "--min-count", paramLabel = "N", description = "Least occurrences for a word to be kept (default 2).")
    private Integer minCount;

    @Option(names = "--chunk-tokens", paramLabel = "N", description = "Reviews are cut into pieces of N tokens (default 200).")
    private Integer chunkTokens;

    @Option(names = "--batch", paramLabel = "N", description = "Pieces per mini-batch (default 64).")
    private Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Adam's learning rate (default 2e-3).")
    private Double learningRate;

    @Option(names = "--candidates", paramLabel = "N", description = "Sampled-softmax candidates per mini-batch (default 512).")
    private Integer candidates;

    @Option(names = "--threads", paramLabel = "N", description = "Data-parallel workers (default 2).")
    private Integer threads;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N reviews of each file.")
    private Integer limit;

    @Option(names = "--exclude-validation", paramLabel = "S",
            description = "Leave out of each labeled file the reviews that 'train --split-seed S' holds out for"
                    + " validation, so that they stay unseen (files of unlabeled reviews are used whole).")
    private Long excludeValidation;

    @Option(names = "--validation-fraction", paramLabel = "X", defaultValue = "0.1",
            description = "With --exclude-validation: the fraction 'train' holds out (default: ${DEFAULT-VALUE}).")
    private double validationFraction;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!objective.equalsIgnoreCase("lm")) {
            throw new UsageException("invalid value '" + objective + "' for --objective: expected lm");
        }
        final PretrainingConfig config;
        try {
            config = config();
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new UsageException("invalid value '" + validationFraction + "' for --validation-fraction: expected"
                    + " a fraction in [0, 1)");
        }
        final List<String> texts = new ArrayList<>();
        for (final Path path : data) {
            final List<Review> all = Corpora.read(path, io.sentimentstreams.text.corpus.MalformedPolicy.SKIP, err)
                    .reviews();
            // As 'train' does: the first N reviews, then the split.
            withoutValidation(path, all.subList(0, limit == null ? all.size() : Math.min(limit, all.size())), err)
                    .forEach(r -> texts.add(r.text()));
        }
        err.printf(Locale.ROOT, "pretraining a %s%s language model (E=%d, H=%d, sampled softmax with %d candidates) on %d "
                        + "reviews%s%n", config.bidirectional() ? "bidirectional " : "", config.cell().id(),
                config.embeddingSize(), config.hiddenSize(),
                config.candidates(), texts.size(), config.minutes() > 0
                        ? String.format(Locale.ROOT, " for at most %.1f min", config.minutes()) : "");
        err.flush();
        final Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("pretrainingData", data.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(",")));
        if (excludeValidation != null) {
            facts.put("pretrainingExcludedValidationSeed", excludeValidation);
            facts.put("pretrainingExcludedValidationFraction", validationFraction);
        }
        final long start = System.nanoTime();
        final SentimentModel model = new Pretrainer(config, new ProgressBar(err), System::nanoTime)
                .pretrain(texts, facts);
        ModelFile.save(model, modelOut);
        final Map<String, Object> f = model.metadata().facts();
        out.printf(Locale.ROOT, "saved %s (%s, vocabulary %d) after %.1f min: %s steps, %s tokens predicted, "
                        + "held-out perplexity %s%n", modelOut, config.cell().id(),
                model.network().config().vocabularySize(), (System.nanoTime() - start) / 60e9,
                f.get("pretrainingSteps"), f.get("pretrainingTokensPredicted"),
                f.containsKey("heldOutPerplexity")
                        ? String.format(Locale.ROOT, "%.1f", ((Number) f.get("heldOutPerplexity")).doubleValue())
                        : "- (no held-out reviews)");
        return 0;
    }

    /**
     * The reviews of a file without the validation part {@code train --split-seed S} carves from it (the same
     * {@link Splits#trainValidation} on the whole file), when asked and the file is labeled; else all of them.
     */
    private List<Review> withoutValidation(final Path path, final List<Review> reviews, final PrintWriter err) {
        if (excludeValidation == null) {
            return reviews;
        }
        if (!reviews.stream().allMatch(Review::labeled)) {
            err.printf(Locale.ROOT, "%s: unlabeled reviews, used whole (no validation split to leave out)%n", path);
            return reviews;
        }
        final List<Review> kept = Splits.trainValidation(reviews, validationFraction, excludeValidation).train();
        err.printf(Locale.ROOT, "%s: %d reviews, %d of them left out (the validation split of seed %d)%n", path,
                reviews.size(), reviews.size() - kept.size(), excludeValidation);
        return kept;
    }

    private PretrainingConfig config() {
        final PretrainingConfig d = PretrainingConfig.defaults();
        return new PretrainingConfig(or(cell, d.cell()),
                or(embedding, d.embeddingSize()), or(hidden, d.hiddenSize()), or(vocabularySize, d.vocabularySize()),
                or(minCount, d.minCount()), or(chunkTokens, d.chunkTokens()), or(batch, d.batchSize()),
                or(learningRate, d.learningRate()), d.clipNorm(), or(candidates, d.candidates()),
                or(epochs, d.epochs()), or(minutes, d.minutes()), or(seed, d.seed()), or(threads, d.threads()),
                bidirectional).withWeightAverage(or(weightAverage, d.weightAverage()));
    }

    private static <T> T or(final T value, final T fallback) {
        return value == null ? fallback : value;
    }
}
