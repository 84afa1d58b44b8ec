package io.sentimentstreams.model;

import io.sentimentstreams.nn.Adam;
import io.sentimentstreams.nn.LanguageModel;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.Pooling;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.nn.WeightAverage;
import io.sentimentstreams.text.Batch;
import io.sentimentstreams.text.LengthBucketBatcher;
import io.sentimentstreams.text.Tokenizer;
import io.sentimentstreams.text.Truncation;
import io.sentimentstreams.text.TruncationPolicy;
import io.sentimentstreams.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretrains the embedding and the recurrent cell of a classifier as a next-token language model on unlabeled
 * reviews ({@link LanguageModel}, sampled softmax):
 * <ol>
 *   <li>tokenize; every 100th review is held out, and the first 100 of those measure the perplexity at the end;</li>
 *   <li>build the vocabulary from the other reviews, encode them and cut each into pieces of at most
 *       {@code chunkTokens + 1} tokens that overlap by one, so every next token is predicted once;</li>
 *   <li>the candidates of the sampled softmax come from the unigram distribution raised to 0.75, and the output
 *       bias starts at the log unigram frequencies;</li>
 *   <li>epochs of length-bucketed mini-batches (forward, BPTT, clipping, Adam), split between data-parallel
 *       workers like {@link Trainer}, until the epochs are done or the time is up;</li>
 *   <li>the result is a classifier model file: vocabulary, the pretrained embedding and cell, and a zero
 *       classifier layer for {@code train --pretrained} to learn.</li>
 * </ol>
 * Deterministic for a given seed, thread count and number of steps (a time limit decides the number of steps, and
 * the file records it).
 */
public final class Pretrainer {

    /** Held out for the perplexity at the end: every {@value}th review. */
    static final int HELD_OUT_EVERY = 100;
    private static final double UNIGRAM_POWER = 0.75;
    private static final int MAX_HELD_OUT_REVIEWS = 100;

    private final PretrainingConfig config;
    private final TrainingListener listener;
    private final LongSupplier nanoTime;

    public Pretrainer(final PretrainingConfig config, final TrainingListener listener, final LongSupplier nanoTime) {
        this.config = config;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /** Pretrains on the texts; the facts go into the model file with the pretraining figures. */
    public SentimentModel pretrain(final List<String> texts, final Map<String, Object> facts) {
        final long start = nanoTime.getAsLong();
        NativeThreads.use(1);
        Nd4j.getRandom().setSeed(config.seed());
        final Tokenizer tokenizer = new Tokenizer();
        final List<List<String>> tokens = texts.parallelStream().map(tokenizer::tokenize).toList();
        final List<List<String>> trainTokens = new ArrayList<>();
        final List<List<String>> heldOutTokens = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            (i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 ? heldOutTokens : trainTokens).add(tokens.get(i));
        }
        final Vocabulary vocabulary = Vocabulary.build(trainTokens, config.minCount(), config.vocabularySize());
        final List<int[]> chunks = chunks(trainTokens.stream().map(vocabulary::encode).toList(), config.chunkTokens());
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("no review has two tokens or more to learn from");
        }
        final double[] unigram = unigram(chunks, vocabulary.size());
        final double[] logExpectedCount = new double[unigram.length];
        final double[] cumulative = proposal(unigram, logExpectedCount, config.candidates());
        final LanguageModelObjective model = LanguageModelObjective.create(config, vocabulary.size());
        final double[] logUnigram = new double[unigram.length];
        for (int c = 0; c < unigram.length; c++) {
            logUnigram[c] = Math.log(Math.max(unigram[c], 1e-12));
        }
        model.setOutputBias(logUnigram);

        final List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < config.threads(); w++) {
            workers.add(new Worker(w == 0 ? model : model.replica()));
        }
        final Adam optimizer = new Adam(config.learningRate(), config.clipNorm());
        final WeightAverage average = config.weightAverage() > 0
                ? new WeightAverage(config.weightAverage(), model.params()) : null;
        final Random random = new Random(config.seed());
        final ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            final Thread thread = new Thread(r, "pretrainer");
            thread.setDaemon(true);
            return thread;
        });
        long steps = 0;
        long predicted = 0;
        double lastEpochLoss = Double.NaN;
        int epochsDone = 0;
        boolean timeUp = false;
        try {
            for (int epoch = 1; epoch <= config.epochs() && !timeUp; epoch++) {
                final long epochStart = nanoTime.getAsLong();
                final List<Batch> batches = LengthBucketBatcher.shuffledBuckets(chunks, null, config.batchSize(),
                        random);
                double lossSum = 0;
                long epochTokens = 0;
                long done = 0;
                for (final Batch batch : batches) {
                    final int[] candidates = sample(cumulative, config.candidates(), random);
                    final long batchTokens = realTargets(batch);
                    lossSum += step(batch, chunks, candidates, logExpectedCount, workers, pool, batchTokens)
                            * batchTokens;
                    optimizer.step(model.params());
                    if (average != null) {
                        average.update(model.params());
                    }
                    steps++;
                    epochTokens += batchTokens;
                    done += batch.batchSize();
                    final double seconds = (nanoTime.getAsLong() - epochStart) / 1e9;
                    listener.batchDone(epoch, config.epochs(), done, chunks.size(), lossSum / epochTokens,
                            done / Math.max(seconds, 1e-9));
                    if (config.minutes() > 0 && nanoTime.getAsLong() - start >= config.minutes() * 60e9) {
                        timeUp = true;
                        break;
                    }
                }
                predicted += epochTokens;
                lastEpochLoss = lossSum / epochTokens;
                epochsDone = timeUp ? epochsDone : epoch;
                listener.epochDone(epoch, config.epochs(), lastEpochLoss, null,
                        (nanoTime.getAsLong() - epochStart) / 1e9);
            }
        } finally {
            pool.shutdownNow();
        }
        if (average != null) {
            average.swap(model.params());   // the average is what is measured and saved
        }
        final double heldOutLoss = heldOutLoss(model.forwardModel(), heldOutTokens, vocabulary, false);
        final double heldOutBackward = config.bidirectional()
                ? heldOutLoss(model.backwardModel(), heldOutTokens, vocabulary, true) : Double.NaN;
        final Map<String, Object> allFacts = new LinkedHashMap<>(facts);
        allFacts.put("pretrainedObjective", config.bidirectional() ? "lm forward and backward" : "lm");
        allFacts.put("pretrainingReviews", trainTokens.size());
        allFacts.put("pretrainingSteps", steps);
        allFacts.put("pretrainingEpochsCompleted", epochsDone);
        allFacts.put("pretrainingTokensPredicted", predicted);
        allFacts.put("pretrainingSampledLoss", lastEpochLoss);
        allFacts.put("pretrainingCandidates", config.candidates());
        allFacts.put("pretrainingSeed", config.seed());
        if (average != null) {
            allFacts.put("pretrainingWeightAverage", config.weightAverage());
        }
        allFacts.put("pretrainingMinutes", (nanoTime.getAsLong() - start) / 60e9);
        if (!Double.isNaN(heldOutLoss)) {
            allFacts.put("heldOutPerplexity", Math.exp(heldOutLoss));
        }
        if (!Double.isNaN(heldOutBackward)) {
            allFacts.put("heldOutPerplexityBackward", Math.exp(heldOutBackward));
        }
        return new SentimentModel(classifier(model, config), new TextPipeline(vocabulary,
                new TruncationPolicy(400, Truncation.HEAD_TAIL)), ModelMetadata.fresh(allFacts));
    }

    /** The classifier the pretrained parts belong to: the language model's embedding and cells, a zero wYh and bY. */
    private static SentimentNetwork classifier(final LanguageModelObjective model, final PretrainingConfig pretraining) {
        final NetworkConfig config = new NetworkConfig(pretraining.cell(), model.forwardModel().vocabularySize(),
                pretraining.embeddingSize(), pretraining.hiddenSize(), 2, Pooling.MAX, 0.0,
                pretraining.bidirectional());
        final List<INDArray> values = new ArrayList<>();
        model.encoderValues().forEach(v -> values.add(v.dup()));
        values.add(Nd4j.zeros(DataType.FLOAT, 2, config.featureSize()));
        values.add(Nd4j.zeros(DataType.FLOAT, 2));
        return SentimentNetwork.fromValues(config, values);
    }

    /** Pieces of at most {@code maxPredicted + 1} ids, overlapping by one; pieces of one id predict nothing. */
    static List<int[]> chunks(final List<int[]> sequences, final int maxPredicted) {
        final List<int[]> chunks = new ArrayList<>();
        for (final int[] ids : sequences) {
            for (int from = 0; from + 1 < ids.length; from += maxPredicted) {
                chunks.add(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + maxPredicted + 1)));
            }
        }
        return chunks;
    }

    /** Relative frequency of every id as a target (ids after the first of each piece). */
    private static double[] unigram(final List<int[]> chunks, final int vocabularySize) {
        final double[] counts = new double[vocabularySize];
        long total = 0;
        for (final int[] chunk : chunks) {
            for (int i = 1; i < chunk.length; i++) {
                counts[chunk[i]]++;
                total++;
            }
        }
        for (int c = 0; c < counts.length; c++) {
            counts[c] /= total;
        }
        return counts;
    }

    /**
     * The proposal {@code q ∝ (unigram + 1e-9)^0.75} over ids 1 .. V-1 as a cumulative distribution; fills
     * {@code logExpectedCount[c] = log(S q(c))}.
     */
    static double[] proposal(final double[] unigram, final double[] logExpectedCount, final int candidates) {
        final double[] weights = new double[unigram.length];
        double sum = 0;
        for (int c = 1; c < unigram.length; c++) {
            weights[c] = Math.pow(unigram[c] + 1e-9, UNIGRAM_POWER);
            sum += weights[c];
        }
        final double[] cumulative = new double[unigram.length];
        double running = 0;
        for (int c = 0; c < unigram.length; c++) {
            final double q = weights[c] / sum;
            running += q;
            cumulative[c] = running;
            logExpectedCount[c] = c == 0 ? 0.0 : Math.log(candidates * q);
        }
        cumulative[unigram.length - 1] = 1.0;
        return cumulative;
    }

    /** S classes drawn with replacement from the cumulative distribution. */
    static int[] sample(final double[] cumulative, final int count, final Random random) {
        final int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            final int found = Arrays.binarySearch(cumulative, random.nextDouble());
            classes[i] = Math.max(1, Math.min(cumulative.length - 1, found >= 0 ? found : -found - 1));
        }
        return classes;
    }

    private static long realTargets(final Batch batch) {
        long sum = 0;
        for (final int length : batch.lengths()) {
            sum += length - 1;
        }
        return sum;
    }

    /** Forward and backward of one mini-batch split across workers; gradients summed into worker 0's. */
    private double step(final Batch batch, final List<int[]> chunks, final int[] candidates,
                        final double[] logExpectedCount, final List<Worker> workers, final ExecutorService pool,
                        final long batchTokens) {
        final int parts = Math.min(workers.size(), batch.batchSize());
        final List<Future<Double>> results = new ArrayList<>();
        for (int w = 0; w < parts; w++) {
            final List<int[]> sub = new ArrayList<>();
            for (int b = w; b < batch.batchSize(); b += parts) {   // alternate rows: equal lengths on each side
                sub.add(chunks.get(batch.rows()[b]));
            }
            final Batch part = Batch.of(sub, null, null);
            final double weight = (double) realTargets(part) / batchTokens;
            final Worker worker = workers.get(w);
            results.add(pool.submit(() -> worker.run(part, candidates, logExpectedCount, weight)));
        }
        double loss = 0;
        try {
            for (final Future<Double> result : results) {
                loss += result.get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pretraining interrupted", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("pretraining step failed: " + e.getCause(), e.getCause());
        }
        final List<Param> main = workers.get(0).model.params();
        for (int w = 1; w < parts; w++) {
            final List<Param> other = workers.get(w).model.params();
            for (int i = 0; i < main.size(); i++) {
                main.get(i).grad().addi(other.get(i).grad());
                other.get(i).zeroGrad();
            }
        }
        return loss;
    }

    /**
     * Full-softmax loss per predicted token over (at most 100) held-out reviews, read forwards or backwards; NaN
     * when there are none.
     */
    private double heldOutLoss(final LanguageModel model, final List<List<String>> heldOut,
                               final Vocabulary vocabulary, final boolean reversed) {
        final List<int[]> forward = chunks(heldOut.subList(0, Math.min(MAX_HELD_OUT_REVIEWS, heldOut.size()))
                .stream().map(vocabulary::encode).toList(), config.chunkTokens());
        final List<int[]> chunks = reversed ? forward.stream().map(LanguageModelObjective::reverse).toList() : forward;
        if (chunks.isEmpty()) {
            return Double.NaN;
        }
        final LanguageModel.Workspace ws = model.newWorkspace();
        double sum = 0;
        long count = 0;
        for (final Batch batch : LengthBucketBatcher.sortedBatches(chunks, null, config.batchSize())) {
            final LanguageModelObjective.LmBatch lm = LanguageModelObjective.LmBatch.of(batch);
            final long tokens = realTargets(batch);
            sum += model.fullLoss(ws, lm.inputs(), lm.targets(), lm.packing()) * tokens;
            count += tokens;
        }
        return sum / count;
    }

    /** One data-parallel worker: a model sharing the weights, with its own gradients and buffers. */
    private static final class Worker {
        private final LanguageModelObjective model;

        Worker(final LanguageModelObjective model) {
            this.model = model;
        }

        /** Loss of the part times its share of the batch's tokens; gradients scaled by the same share. */
        double run(final Batch batch, final int[] candidates, final double[] logExpectedCount, final double weight) {
            final double loss = model.lossAndGradients(batch, candidates, logExpectedCount);
            if (weight != 1.0) {
                for (final Param p : model.params()) {
                    p.grad().muli(weight);
                }
            }
            return loss * weight;
        }
    }
}
