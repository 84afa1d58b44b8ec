package io.sentimentstreams.model;

import io.sentimentstreams.nn.Adam;
import io.sentimentstreams.nn.NativeThreads;
import io.sentimentstreams.nn.NetworkConfig;
import io.sentimentstreams.nn.Optimizer;
import io.sentimentstreams.nn.Packing;
import io.sentimentstreams.nn.Param;
import io.sentimentstreams.nn.SentimentNetwork;
import io.sentimentstreams.nn.Sgd;
import io.sentimentstreams.nn.WeightAverage;
import io.sentimentstreams.text.Batch;
import io.sentimentstreams.text.HashingEncoder;
import io.sentimentstreams.text.LengthBucketBatcher;
import io.sentimentstreams.text.TokenEncoder;
import io.sentimentstreams.text.Tokenizer;
import io.sentimentstreams.text.TruncationPolicy;
import io.sentimentstreams.text.Vocabulary;
import io.sentimentstreams.text.corpus.Review;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Offline training: builds the vocabulary, encodes the reviews, then runs epochs of length-bucketed mini-batches
 * (forward, BPTT, clipping, optimizer step), evaluating on the validation reviews after each epoch and keeping the
 * weights of the best epoch. With {@code threads > 1}, each mini-batch is split between data-parallel workers
 * that share the weights and sum their gradients. With a weight average, the average is what is evaluated after
 * each epoch and kept. Deterministic for a given seed and thread count.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final TrainingListener listener;
    private final SentimentModel pretrained;  // or null

    public Trainer(final TrainingConfig config, final TrainingListener listener) {
        this(config, listener, null);
    }

    /**
     * Fine-tunes from a pretrained model (see {@link Pretrainer}): its vocabulary, embedding and recurrent cell
     * are the starting point, the classifier layer starts fresh.
     */
    public Trainer(final TrainingConfig config, final TrainingListener listener, final SentimentModel pretrained) {
        this.config = config;
        this.listener = listener;
        this.pretrained = pretrained;
    }

    public SentimentModel train(final List<Review> train, final List<Review> validation,
                                final Map<String, Object> facts) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no labeled training reviews");
        }
        NativeThreads.use(1);
        Nd4j.getRandom().setSeed(config.seed());
        final Tokenizer tokenizer = new Tokenizer();
        final List<List<String>> tokens = train.stream().map(r -> tokenizer.tokenize(r.text())).toList();
        final TokenEncoder encoder = pretrained != null ? pretrained.pipeline().encoder()
                : config.hashingBuckets() > 0 ? new HashingEncoder(config.hashingBuckets())
                : Vocabulary.build(tokens, config.minCount(), config.vocabularySize());
        final TextPipeline pipeline = new TextPipeline(encoder,
                new TruncationPolicy(config.maxTokens(), config.truncation()));
        final List<int[]> sequences = tokens.stream()
                .map(t -> pipeline.truncation().apply(encoder.encode(t))).toList();
        final int[] labels = train.stream().mapToInt(Review::label).toArray();
        final List<int[]> validationSequences = validation.stream().map(r -> pipeline.encode(r.text())).toList();
        final int[] validationLabels = validation.stream().mapToInt(Review::label).toArray();

        final NetworkConfig networkConfig = new NetworkConfig(config.cell(), encoder.size(),
                config.embeddingSize(), config.hiddenSize(), 2, config.pooling(), config.dropout(),
                config.bidirectional());
        final SentimentNetwork network = SentimentNetwork.create(networkConfig, config.recurrentInit(),
                config.identityScale(), config.seed(), DataType.FLOAT);
        if (pretrained != null) {
            PretrainedStart.copyEncoder(pretrained.network(), network);
        }
        final List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < config.threads(); w++) {
            final SentimentNetwork replica = w == 0 ? network : SentimentNetwork.fromValues(networkConfig,
                    network.params().stream().map(Param::value).toList());
            workers.add(new Worker(replica, replica.newWorkspace()));
        }
        final Random random = new Random(config.seed());
        final Map<String, Object> allFacts = new LinkedHashMap<>(facts);
        List<INDArray> best = null;
        double bestAccuracy = -1;
        final ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            final Thread thread = new Thread(r, "trainer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            double learningRate = config.learningRate();
            Optimizer optimizer = optimizer(learningRate, network, 1);
            final WeightAverage average = config.weightAverage() > 0
                    ? new WeightAverage(config.weightAverage(), network.params()) : null;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                final long start = System.nanoTime();
                final double trainLoss = runEpoch(epoch, sequences, labels, random, workers, optimizer, average,
                        pool);
                if (average != null) {
                    average.swap(network.params());   // θ̄ in the network while it is validated
                }
                Metrics metrics = null;
                if (!validation.isEmpty()) {
                    final SentimentModel current = new SentimentModel(network, pipeline, ModelMetadata.fresh(facts));
                    metrics = Metrics.of(current.newScorer(64).positiveProbabilitiesOfIds(validationSequences),
                            validationLabels);
                    if (metrics.accuracy() > bestAccuracy) {
                        bestAccuracy = metrics.accuracy();
                        best = network.params().stream().map(p -> p.value().dup()).toList();
                        allFacts.put("bestEpoch", epoch);
                        allFacts.put("validationAccuracy", metrics.accuracy());
                        allFacts.put("validationLoss", metrics.loss());
                        allFacts.put("validationAuc", metrics.auc());
                    }
                }
                if (average != null) {
                    if (best == null && epoch == config.epochs()) {   // nothing to validate on: keep θ̄
                        best = network.params().stream().map(p -> p.value().dup()).toList();
                    }
                    average.swap(network.params());   // the optimizer's θ again for the next epoch
                }
                listener.epochDone(epoch, config.epochs(), trainLoss, metrics, (System.nanoTime() - start) / 1e9);
                learningRate *= config.learningRateDecay();
                final Optimizer decayed = optimizer(learningRate, network, epoch + 1);   // same moments
                decayed.restore(optimizer.steps(), optimizer.state());
                optimizer = decayed;
            }
        } finally {
            pool.shutdownNow();
        }
        if (best != null) {
            for (int i = 0; i < best.size(); i++) {
                network.params().get(i).value().assign(best.get(i));
            }
        }
        allFacts.put("trainExamples", train.size());
        allFacts.put("validationExamples", validation.size());
        return new SentimentModel(network, pipeline, ModelMetadata.fresh(allFacts));
    }

    private double runEpoch(final int epoch, final List<int[]> sequences, final int[] labels, final Random random,
                            final List<Worker> workers, final Optimizer optimizer, final WeightAverage average,
                            final ExecutorService pool) {
        final List<Batch> batches = LengthBucketBatcher.shuffledBuckets(sequences, labels, config.batchSize(), random);
        final long start = System.nanoTime();
        double lossSum = 0;
        long done = 0;
        final List<Param> params = workers.get(0).network.params();
        for (final Batch batch : batches) {
            lossSum += step(batch, sequences, labels, workers, pool, random.nextLong(), epoch <= config.freezeEpochs())
                    * batch.batchSize();
            optimizer.step(params);
            if (average != null) {
                average.update(params);
            }
            done += batch.batchSize();
            final double seconds = (System.nanoTime() - start) / 1e9;
            listener.batchDone(epoch, config.epochs(), done, sequences.size(), lossSum / done, done / seconds);
        }
        return lossSum / done;
    }

    /** Forward and backward of one mini-batch, split across workers; gradients end up summed in worker 0. */
    private double step(final Batch batch, final List<int[]> sequences, final int[] labels,
                        final List<Worker> workers, final ExecutorService pool, final long dropoutSeed,
                        final boolean classifierOnly) {
        final int parts = Math.min(workers.size(), batch.batchSize());
        if (parts == 1) {
            return workers.get(0).run(batch, 1.0, dropoutSeed, classifierOnly);
        }
        final List<Future<Double>> results = new ArrayList<>();
        for (int w = 0; w < parts; w++) {
            final List<int[]> subSequences = new ArrayList<>();
            final List<Integer> subLabels = new ArrayList<>();
            for (int b = w; b < batch.batchSize(); b += parts) {   // alternate rows: equal lengths on each side
                subSequences.add(sequences.get(batch.rows()[b]));
                subLabels.add(labels[batch.rows()[b]]);
            }
            final Batch sub = Batch.of(subSequences, subLabels.stream().mapToInt(Integer::intValue).toArray(), null);
            final double weight = (double) sub.batchSize() / batch.batchSize();
            final Worker worker = workers.get(w);
            final long seed = dropoutSeed + w;
            results.add(pool.submit(() -> worker.run(sub, weight, seed, classifierOnly)));
        }
        double loss = 0;
        try {
            for (final Future<Double> result : results) {
                loss += result.get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (final java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("training step failed: " + e.getCause(), e.getCause());
        }
        final List<Param> main = workers.get(0).network.params();
        for (int w = 1; w < parts; w++) {
            final List<Param> other = workers.get(w).network.params();
            for (int i = 0; i < main.size(); i++) {
                main.get(i).grad().addi(other.get(i).grad());
                other.get(i).zeroGrad();
            }
        }
        return loss;
    }

    /** The optimizer of an epoch (from 1), each parameter at its layer's share of the learning rate. */
    private Optimizer optimizer(final double learningRate, final SentimentNetwork network, final int epoch) {
        final List<List<Param>> layers = network.layers();
        final double[] layerRates = config.layerRates(layers.size(), epoch);
        final double[] rates = new double[network.params().size()];
        int i = 0;
        for (int layer = 0; layer < layers.size(); layer++) {
            for (int p = 0; p < layers.get(layer).size(); p++) {
                rates[i++] = layerRates[layer];
            }
        }
        return config.optimizer().equals("sgd") ? new Sgd(learningRate, config.clipNorm(), rates)
                : new Adam(learningRate, config.clipNorm(), rates);
    }

    /** One data-parallel worker: a network sharing the weights, with its own gradients and buffers. */
    private final class Worker {
        private final SentimentNetwork network;
        private final SentimentNetwork.Workspace workspace;

        Worker(final SentimentNetwork network, final SentimentNetwork.Workspace workspace) {
            this.network = network;
            this.workspace = workspace;
        }

        /**
         * Loss of the sub-batch times its share of the batch; gradients scaled by the same share. With
         * {@code classifierOnly} (a frozen epoch), the gradient stops at the classifier layer. With adversarial
         * training, the gradient is that of E(x) + E(x + r_adv), the loss reported E(x).
         */
        double run(final Batch batch, final double weight, final long dropoutSeed, final boolean classifierOnly) {
            Nd4j.getRandom().setSeed(dropoutSeed);  // per thread: the same masks whichever thread runs it
            final Packing packing = Packing.of(batch.lengths());
            network.forward(workspace, batch.tokenIds(), packing, true);
            final double loss = classifierOnly ? network.backwardClassifier(workspace, batch.labels())
                    : network.backward(workspace, batch.labels(), config.bpttSteps(), null);
            if (config.adversarial() > 0 && !classifierOnly) {
                final INDArray r = network.adversarialPerturbation(workspace, config.adversarial());
                Nd4j.getRandom().setSeed(dropoutSeed);  // the same dropout masks as the clean pass
                network.forward(workspace, batch.tokenIds(), packing, true, r);
                network.backward(workspace, batch.labels(), config.bpttSteps(), null);
            }
            if (weight != 1.0) {
                for (final Param p : network.params()) {
                    p.grad().muli(weight);
                }
            }
            return loss * weight;
        }
    }
}
