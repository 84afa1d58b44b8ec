package io.sentimentstreams.app.offline;

import io.sentimentstreams.app.console.Converters;
import io.sentimentstreams.app.console.ProgressBar;
import io.sentimentstreams.app.console.UsageException;
import io.sentimentstreams.model.Metrics;
import io.sentimentstreams.model.ModelFile;
import io.sentimentstreams.model.NblrConfig;
import io.sentimentstreams.model.SentimentModel;
import io.sentimentstreams.model.Trainer;
import io.sentimentstreams.model.TrainingConfig;
import io.sentimentstreams.nn.CellType;
import io.sentimentstreams.nn.Init;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.corpus.Corpus;
import io.sentimentstreams.text.corpus.MalformedPolicy;
import io.sentimentstreams.text.corpus.Review;
import io.sentimentstreams.text.corpus.Split;
import io.sentimentstreams.text.corpus.Splits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains a model offline on labeled reviews and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a sentiment model on labeled reviews and writes it to one model file.",
                "Options left out take the best known set-up for the chosen cell (see README)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH", converter = Converters.ExistingPath.class,
            description = "Labeled reviews: TSV or TSV.gz (label<TAB>text), JSONL, or an aclImdb directory.")
    private Path data;

    @Option(names = "--model-out", required = true, paramLabel = "FILE", description = "Where to write the model.")
    private Path modelOut;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "gru", converter = CellChoice.class,
            description = "gru, lstm or elman; nblr for the NB-weighted n-gram logistic regression baseline (default: ${DEFAULT-VALUE}).")
    private String cell;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden size H.")
    private Integer hidden;

    @Option(names = "--embedding", paramLabel = "N", description = "Embedding size E.")
    private Integer embedding;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data.")
    private Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Reviews per mini-batch.")
    private Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate.")
    private Double learningRate;

    @Option(names = "--lr-decay", paramLabel = "X", description = "Learning-rate factor applied after each epoch.")
    private Double learningRateDecay;

    @Option(names = "--clip", paramLabel = "X", description = "Gradient-norm clipping threshold (0 = off).")
    private Double clip;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam or sgd.")
    private OptimizerName optimizer;

    @Option(names = "--pooling", paramLabel = "MODE", converter = Converters.PoolingMode.class,
            description = "last, mean, max or mean_max (the mean and the maximum side by side) over the hidden states.")
    private Pooling pooling;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout on embeddings and features.")
    private Double dropout;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Longest review kept, in tokens.")
    private Integer maxTokens;

    @Option(names = "--truncation", paramLabel = "MODE", converter = Converters.TruncationMode.class,
            description = "head, tail or head_tail.")
    private Truncation truncation;

    @Option(names = "--vocab-size", paramLabel = "N", description = "Largest vocabulary.")
    private Integer vocabularySize;

    @Option(names = "--min-count", paramLabel = "N", description = "Least occurrences for a word to be kept.")
    private Integer minCount;

    @Option(names = "--hashing-buckets", paramLabel = "N",
            description = "Hash words into N buckets instead of building a vocabulary (for models that grow in a stream).")
    private Integer hashingBuckets;

    @Option(names = "--bptt-steps", paramLabel = "K", description = "0 = full BPTT; K = truncated to K-step windows.")
    private Integer bpttSteps;

    @Option(names = "--init", paramLabel = "SCHEME", converter = Converters.RecurrentInit.class,
            description = "W_hh initialisation: orthogonal, identity or xavier.")
    private Init.Recurrent init;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (same seed, same model).")
    private Long seed;

    @Option(names = "--split-seed", paramLabel = "N", description = "Seed of the train/validation split (default:"
            + " --seed), so that models of several seeds can share one validation split, as an ensemble must.")
    private Long splitSeed;

    @Option(names = "--threads", paramLabel = "N", description = "Data-parallel workers (default 2).")
    private Integer threads;

    @Option(names = "--validation-fraction", paramLabel = "X", defaultValue = "0.1",
            description = "Share of the data held out for validation (default: ${DEFAULT-VALUE}).")
    private double validationFraction;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N reviews.")
    private Integer limit;

    @Option(names = "--pretrained", paramLabel = "FILE",
            description = "Start from a model file of 'pretrain': its vocabulary, sizes, embedding and recurrent layer"
                    + " (pooling then defaults to mean).")
    private Path pretrainedFile;

    @Option(names = "--layer-rate", paramLabel = "X",
            description = "Discriminative fine-tuning: each layer learns at X times the rate of the layer above it"
                    + " (the recurrent cell at X, the embedding at X²; default 1).")
    private Double layerRate;

    @Option(names = "--freeze-epochs", paramLabel = "N",
            description = "Train only the classifier for the first N epochs, the embedding and cell frozen (default 0).")
    private Integer freezeEpochs;

    @Option(names = "--adversarial", paramLabel = "EPS",
            description = "Adversarial training: each step also learns from the embedded inputs moved by EPS (an L2"
                    + " length per review) in the direction that raises the loss most; about twice the time per step"
                    + " (default 0, off).")
    private Double adversarial;

    @Option(names = "--weight-average", paramLabel = "DECAY",
            description = "Keep a moving average of the weights, step t weighing the old average by"
                    + " min(DECAY, (1+t)/(10+t)), and validate and save the average (e.g. 0.998; default 0, off).")
    private Double weightAverage;

    @Option(names = "--bidirectional", description = "A second cell reads each review backwards.")
    private boolean bidirectional;

    @Option(names = "--ngrams", paramLabel = "N",
            description = "nblr: longest n-gram (default 3); --min-count is then the least number of reviews (default 2).")
    private Integer ngrams;

    @Option(names = "--l2", paramLabel = "X", description = "nblr: L2 penalty on the weights (default 1e-4).")
    private Double l2;

    @Option(names = "--on-malformed", paramLabel = "POLICY", defaultValue = "skip",
            converter = Converters.Malformed.class,
            description = "skip (report and go on) or fail (stop at the first malformed line).")
    private MalformedPolicy onMalformed;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        if (cell.equals(CellChoice.NBLR)) {
            return trainNblr(out, err);
        }
        final SentimentModel pretrained = pretrainedFile == null ? null : ModelFile.load(pretrainedFile);
        final TrainingConfig config;
        try {
            config = pretrained == null ? config() : pretrainedConfig(pretrained);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        final Corpus corpus = Corpora.readLabeled(data, onMalformed, err);
        List<Review> reviews = corpus.reviews();
        if (limit != null) {
            reviews = reviews.subList(0, Math.min(limit, reviews.size()));
        }
        final long splitBy = or(splitSeed, config.seed());
        final Split split = Splits.trainValidation(reviews, validationFraction, splitBy);
        err.printf(Locale.ROOT, "training a %s%s (E=%d, H=%d, %s pooling) on %d reviews, validating on %d%n",
                config.bidirectional() ? "bidirectional " : "", config.cell().id(), config.embeddingSize(), config.hiddenSize(), config.pooling().id(),
                split.train().size(), split.validation().size());
        final Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("data", data.getFileName().toString());
        facts.put("seed", config.seed());
        facts.put("splitSeed", splitBy);
        facts.put("epochs", config.epochs());
        facts.put("learningRate", config.learningRate());
        facts.put("batch", config.batchSize());
        if (config.layerRate() != 1.0 || config.freezeEpochs() > 0) {
            facts.put("layerRate", config.layerRate());
            facts.put("freezeEpochs", config.freezeEpochs());
        }
        if (config.adversarial() > 0) {
            facts.put("adversarial", config.adversarial());
        }
        if (config.weightAverage() > 0) {
            facts.put("weightAverage", config.weightAverage());
        }
        if (pretrainedFile != null) {
            facts.put("pretrained", pretrainedFile.getFileName().toString());
        }
        final long start = System.nanoTime();
        final SentimentModel model = new Trainer(config, new ProgressBar(err), pretrained).train(split.train(),
                split.validation(), facts);
        final double minutes = (System.nanoTime() - start) / 60e9;
        ModelFile.save(model, modelOut);
        final Object accuracy = model.metadata().facts().get("validationAccuracy");
        out.printf(Locale.ROOT, "saved %s (%s, vocabulary %d) after %.1f min%s%n", modelOut, config.cell().id(),
                model.network().config().vocabularySize(), minutes, accuracy == null ? ""
                        : String.format(Locale.ROOT, "; best validation accuracy %.2f%% (epoch %s)",
                        100 * ((Number) accuracy).doubleValue(), model.metadata().facts().get("bestEpoch")));
        return 0;
    }

    private int trainNblr(final PrintWriter out, final PrintWriter err) {
        final NblrConfig d = NblrConfig.defaults();
        final NblrConfig config;
        try {
            config = new NblrConfig(or(ngrams, d.maxN()), or(minCount, d.minCount()), d.alpha(), or(l2, d.l2()),
                    d.maxIterations(), d.tolerance());
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        final long splitBy = or(splitSeed, or(seed, TrainingConfig.defaultsFor(CellType.GRU).seed()));
        List<Review> reviews = Corpora.readLabeled(data, onMalformed, err).reviews();
        if (limit != null) {
            reviews = reviews.subList(0, Math.min(limit, reviews.size()));
        }
        return NblrTraining.run(Splits.trainValidation(reviews, validationFraction, splitBy), config, data,
                modelOut, splitBy, out, err);
    }

    /** The cell and its sizes come from the pretrained file; naming others on the command line is an error. */
    private TrainingConfig pretrainedConfig(final SentimentModel pretrained) {
        final io.sentimentstreams.nn.NetworkConfig p = pretrained.network().config();
        final boolean cellGiven = spec.commandLine().getParseResult().hasMatchedOption("--cell");
        if (cellGiven && !cell.equals(p.cell().id())
                || embedding != null && embedding != p.embeddingSize() || hidden != null && hidden != p.hiddenSize()
                || hashingBuckets != null || vocabularySize != null) {
            throw new UsageException(String.format(Locale.ROOT, "%s fixes the cell (%s), E=%d, H=%d and the "
                    + "vocabulary; leave out --cell, --embedding, --hidden, --vocab-size and --hashing-buckets",
                    pretrainedFile, p.cell().id(), p.embeddingSize(), p.hiddenSize()));
        }
        if (bidirectional && !p.bidirectional()) {
            throw new UsageException(pretrainedFile + " holds a forward-only model; pretrain with --bidirectional for "
                    + "a bidirectional classifier");
        }
        cell = p.cell().id();
        embedding = p.embeddingSize();
        hidden = p.hiddenSize();
        bidirectional = p.bidirectional();
        if (pooling == null) {
            pooling = Pooling.MEAN;   // max pooling saturates on language-model states (see README)
        }
        return config();
    }

    private TrainingConfig config() {
        final CellType type = CellType.parse(cell);
        final TrainingConfig d = TrainingConfig.defaultsFor(type);
        return new TrainingConfig(type, or(embedding, d.embeddingSize()), or(hidden, d.hiddenSize()),
                or(pooling, d.pooling()),
                or(dropout, d.dropout()), or(epochs, d.epochs()), or(batch, d.batchSize()),
                or(learningRate, d.learningRate()), or(learningRateDecay, d.learningRateDecay()), or(clip, d.clipNorm()),
                optimizer == null ? d.optimizer() : optimizer.name().toLowerCase(Locale.ROOT),
                or(maxTokens, d.maxTokens()),
                or(truncation, d.truncation()),
                or(vocabularySize, d.vocabularySize()), or(minCount, d.minCount()),
                or(hashingBuckets, d.hashingBuckets()), or(bpttSteps, d.bpttSteps()),
                or(init, d.recurrentInit()),
                d.identityScale(), or(seed, d.seed()), or(threads, d.threads())).withBidirectional(bidirectional)
                .withFineTuning(or(layerRate, d.layerRate()), or(freezeEpochs, d.freezeEpochs()))
                .withAdversarial(or(adversarial, d.adversarial()))
                .withWeightAverage(or(weightAverage, d.weightAverage()));
    }

    /** The optimizers {@code --optimizer} takes. */
    enum OptimizerName { adam, sgd }

    private static <T> T or(final T value, final T fallback) {
        return value == null ? fallback : value;
    }

    public static String describe(final Metrics m) {
        return String.format(Locale.ROOT, "accuracy %.2f%%  loss %.4f  AUC %.4f  (%d reviews)",
                100 * m.accuracy(), m.loss(), m.auc(), m.examples());
    }
}
