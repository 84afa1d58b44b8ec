package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The production path against a float64 reference. Production computes in float32: the streaming processor's
 * initial model ({@code InitialModel}), the offline {@code Trainer} and every model file are float
 * networks, whose cells then use the rational tanh and sigmoid of {@link Mem} instead of {@code Math.tanh} and
 * {@code exp}; every other network test runs in float64, where the cells use the exact functions. Here the same
 * weights (rounded to float once, so both precisions start from identical values), inputs and labels go through
 * both, at the sizes production runs: batches of 32 reviews of up to 400 tokens ({@code training.batch.size},
 * {@code text.max.tokens}), E = H = 64 (the streaming defaults) and E = H = 128 with dropout 0.3 (the offline
 * defaults), max pooling (both defaults) as well as last and mean.
 *
 * <p><b>Tolerances.</b> float32 rounds every operation with a relative error of at most half its epsilon
 * {@code eps = 2^-23 ≈ 1.19e-7}. A result's error is then bounded by eps times its accumulation depth: how many
 * roundings can add up along its longest chain of operations on terms of order one.
 * <ul>
 *   <li>Hidden states, absolute (|h| ≤ 1): one step's pre-activations are dot products over E inputs, H states
 *       and a bias, depth {@code E + H + 1}; the approximate activation adds at most {@link Mem#TANH_MAX_ERROR}
 *       (the sigmoid half of it) and its slope, at most one, passes the rest on. Earlier steps' errors reach h_t
 *       through the Jacobian ∂h_t/∂h_{t-1}, which shrinks them for these weights, so they stay of the order of
 *       one step's (measured: the largest difference over 400 steps is 1.2 to 4.7 times the largest over the first
 *       ten, the most for the LSTM, whose cell state carries its errors along; not 40 times).</li>
 *   <li>Probabilities, absolute: the hidden state's depth plus the classifier's dot product over H features and
 *       its bias, and four roundings of the softmax (shift, exp, sum, divide).</li>
 *   <li>Gradients, as the norm of the difference relative to the reference's norm: the forward depth, plus one
 *       step's backward dot products over the G·H gate pre-activations (G = 1, 3, 4 for Elman, GRU, LSTM), plus
 *       the sums of the weight gradients over all T·B positions. Those sums' rounding errors have random signs,
 *       so they grow as √(T·B) (the probabilistic bound of Higham and Mary, SIAM J. Sci. Comput. 41(5), 2019),
 *       not as the worst case T·B.</li>
 * </ul>
 * With these sizes the bounds are 1.5e-5 to 1.0e-4, and the differences measured here are 20 to 500 times smaller
 * (5e-8 to 1.4e-6). A wrong derivative or gate shows up far above them, and so does an activation 3e-5 off: such a
 * tanh fails 14 of these 18 cases. Where max pooling's winner is a near tie, the two precisions may pick different
 * steps; the reference then takes float32's pick if, in float64, it is within the hidden-state tolerance of the
 * maximum (both are a correct subgradient), and fails otherwise.
 *
 * <p>The equivalence holds for networks whose float64 computation is itself well conditioned, as trained ones
 * are. A recurrent matrix with spectral radius well above one makes the dynamics chaotic: a difference of one
 * rounding then grows exponentially along the sequence in either precision, and no precision is equivalent to
 * another.
 */
class Float32EquivalenceTest {

    private static final double EPS32 = Math.ulp(1.0f);
    private static final int BATCH = 32;
    private static final int LONGEST = 400;
    private static final int VOCABULARY = 30_002;

    /** How the weights are set: as production initialises them, or as training leaves them. */
    enum Weights { INITIAL, TRAINED }

    /** A network set-up of production: sizes, pooling, dropout, weights. */
    record Setup(String name, int size, Pooling pooling, double dropout, Weights weights) {
        @Override
        public String toString() {
            return name + " E=H=" + size + " " + pooling.id() + " dropout " + dropout + " " + weights;
        }
    }

    static List<Arguments> cells() {
        final List<Arguments> cases = new ArrayList<>();
        for (final CellType type : CellType.values()) {
            cases.add(Arguments.of(type, 64, Weights.INITIAL));
            cases.add(Arguments.of(type, 64, Weights.TRAINED));
        }
        return cases;
    }

    static List<Arguments> networks() {
        final List<Arguments> cases = new ArrayList<>();
        for (final CellType type : CellType.values()) {
            cases.add(Arguments.of(type, new Setup("streaming", 64, Pooling.MAX, 0.0, Weights.INITIAL)));
            cases.add(Arguments.of(type, new Setup("streaming", 64, Pooling.MAX, 0.0, Weights.TRAINED)));
            cases.add(Arguments.of(type, new Setup("offline", 128, Pooling.MAX, 0.3, Weights.TRAINED)));
        }
        cases.add(Arguments.of(CellType.GRU, new Setup("streaming", 64, Pooling.LAST, 0.0, Weights.TRAINED)));
        cases.add(Arguments.of(CellType.GRU, new Setup("streaming", 64, Pooling.MEAN, 0.0, Weights.TRAINED)));
        return cases;
    }

    @ParameterizedTest(name = "{0} E=H={1} {2}")
    @MethodSource("cells")
    void shouldMatchFloat64InEveryCellForwardAndBackward(final CellType type, final int size, final Weights weights) {
        final SplittableRandom random = new SplittableRandom(17);
        final NetworkConfig config = new NetworkConfig(type, 3, size, size, 2, Pooling.MAX, 0.0);
        final SentimentNetwork net32 = float32Network(config, weights, random);
        final SentimentNetwork net64 = float64Copy(net32);
        final Packing packing = productionPacking();
        final long tb = (long) packing.steps() * BATCH;
        final INDArray x32 = Init.normal(random, DataType.FLOAT, weights == Weights.INITIAL ? 0.1 : 0.4, tb, size);
        final INDArray dH32 = Init.normal(random, DataType.FLOAT, 1.0, tb, size);   // ∂E/∂h_t of a random projection
        final RecurrentCell cell32 = net32.cell();
        final RecurrentCell cell64 = net64.cell();
        final RecurrentCell.Trace trace32 = cell32.newTrace();
        final RecurrentCell.Trace trace64 = cell64.newTrace();

        final INDArray hs32 = cell32.forward(trace32, x32, packing).castTo(DataType.DOUBLE);
        final INDArray hs64 = cell64.forward(trace64, x32.castTo(DataType.DOUBLE), packing).dup();
        final INDArray dX32 = cell32.backward(trace32, x32, dH32, packing, 0, null).castTo(DataType.DOUBLE);
        final INDArray dX64 = cell64.backward(trace64, x32.castTo(DataType.DOUBLE), dH32.castTo(DataType.DOUBLE),
                packing, 0, null).dup();

        final double hTolerance = hiddenTolerance(size);
        final double hDifference = maxDifferenceOfRealSteps(hs32, hs64, packing);
        assertTrue(hDifference <= hTolerance, String.format("%s h_t: float32 differs by %.3e, tolerance %.3e",
                type, hDifference, hTolerance));
        final double gTolerance = gradientTolerance(type, size, packing);
        assertRelativelyClose(type + " ∂E/∂x", dX32, dX64, gTolerance);
        for (int i = 0; i < cell64.params().size(); i++) {
            assertRelativelyClose(type + " ∂E/∂" + cell64.params().get(i).name(), cell32.params().get(i).grad(),
                    cell64.params().get(i).grad(), gTolerance);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("networks")
    void shouldMatchFloat64ThroughTheWholeClassifier(final CellType type, final Setup setup) {
        final SplittableRandom random = new SplittableRandom(23);
        final NetworkConfig config = new NetworkConfig(type, VOCABULARY, setup.size(), setup.size(), 2,
                setup.pooling(), setup.dropout());
        final SentimentNetwork net32 = float32Network(config, setup.weights(), random);
        final SentimentNetwork net64 = float64Copy(net32);
        final Packing packing = productionPacking();
        final int[] ids = tokens(packing, random);
        final int[] labels = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            labels[b] = random.nextInt(2);
        }

        final SentimentNetwork.Workspace ws = net32.newWorkspace();
        Nd4j.getRandom().setSeed(5);                                                     // dropout masks
        final INDArray probabilities32 = net32.forward(ws, ids, packing, true).castTo(DataType.DOUBLE);
        final double loss32 = net32.backward(ws, labels, 0, null);
        final int[] winners32 = pooled(net32, ids, packing, 5).argmax();
        final Reference reference = Reference.run(net64, ids, labels, packing, 5, winners32,
                hiddenTolerance(setup.size()));

        final double pTolerance = probabilityTolerance(setup.size());
        final double pDifference = probabilities32.sub(reference.probabilities()).amaxNumber().doubleValue();
        assertTrue(pDifference <= pTolerance, String.format("probabilities: float32 differs by %.3e, tolerance %.3e",
                pDifference, pTolerance));
        assertEquals(reference.loss(), loss32, pTolerance * Math.max(1.0, reference.loss()), "loss");
        final double gTolerance = gradientTolerance(type, setup.size(), packing);
        for (int i = 0; i < net64.params().size(); i++) {
            assertRelativelyClose(type + " ∂E/∂" + net64.params().get(i).name(), net32.params().get(i).grad(),
                    reference.gradients().get(i), gTolerance);
        }
    }

    @Test
    void shouldUpdateWeightsInFloat32AsAdamDoesInFloat64() {
        final SplittableRandom random = new SplittableRandom(29);
        final INDArray start = Init.normal(random, DataType.FLOAT, 0.5, 1, 4_096);
        final Param p32 = Param.of("w", start.dup());
        final Param p64 = Param.of("w", start.castTo(DataType.DOUBLE));
        final double learningRate = 2e-3;
        final Adam adam32 = new Adam(learningRate, 5.0);
        final Adam adam64 = new Adam(learningRate, 5.0);
        final int steps = 50;
        for (int s = 0; s < steps; s++) {
            final INDArray gradient = Init.normal(random, DataType.FLOAT, 0.05, 1, 4_096);
            p32.grad().assign(gradient);
            p64.grad().assign(gradient.castTo(DataType.DOUBLE));
            adam32.step(List.of(p32));
            adam64.step(List.of(p64));
        }
        // per step: θ rounds once (|θ| ≤ 3), the update (at most η·√(1-β2^s)/(1-β1^s)·|m|/√v ≤ 4η) about ten times
        final double tolerance = steps * EPS32 * (3 + 10 * 4 * learningRate);
        final double difference = p32.value().castTo(DataType.DOUBLE).sub(p64.value()).amaxNumber().doubleValue();
        assertTrue(difference <= tolerance, String.format("after %d Adam steps float32 differs by %.3e, tolerance"
                + " %.3e", steps, difference, tolerance));
    }

    /** Hidden states: eps times one step's depth E + H + 1, plus the activation's own error. */
    private static double hiddenTolerance(final int size) {
        return EPS32 * (2 * size + 1) + Mem.TANH_MAX_ERROR;
    }

    /** Probabilities: the hidden state's depth, the classifier's H + 1, four roundings of the softmax. */
    private static double probabilityTolerance(final int size) {
        return EPS32 * ((2 * size + 1) + (size + 1) + 4) + Mem.TANH_MAX_ERROR;
    }

    /** Gradients, relative: the forward depth, one step's backward depth G·H, and √(T·B) for the long sums. */
    private static double gradientTolerance(final CellType type, final int size, final Packing packing) {
        return EPS32 * ((2 * size + 1) + type.gates() * size + Math.sqrt((double) packing.realSteps()));
    }

    private static void assertRelativelyClose(final String what, final INDArray actual32, final INDArray expected64,
                                              final double tolerance) {
        final double norm = expected64.norm2Number().doubleValue();
        assertTrue(norm > 0, what + ": the reference is zero, so the comparison proves nothing");
        final double relative = actual32.castTo(DataType.DOUBLE).sub(expected64).norm2Number().doubleValue() / norm;
        assertTrue(relative <= tolerance, String.format("%s: float32 differs by %.3e relative to the float64 norm,"
                + " tolerance %.3e", what, relative, tolerance));
    }

    /** Largest |a - b| over the hidden states of real steps ({@code [(T+1)*B, H]}, block t+1 = h_t). */
    private static double maxDifferenceOfRealSteps(final INDArray a, final INDArray b, final Packing packing) {
        double max = 0;
        for (int t = 0; t < packing.steps(); t++) {
            final long from = (long) (t + 1) * BATCH;
            final INDArray rows = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
                    from + packing.activeRows()[t]), org.nd4j.linalg.indexing.NDArrayIndex.all());
            final INDArray reference = b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from,
                    from + packing.activeRows()[t]), org.nd4j.linalg.indexing.NDArrayIndex.all());
            max = Math.max(max, rows.sub(reference).amaxNumber().doubleValue());
        }
        return max;
    }

    /**
     * A float32 network as production builds it ({@link SentimentNetwork#create} in float); for {@code TRAINED},
     * moved the way training moves weights: embeddings and biases grow, and every weight matrix gets Gaussian noise
     * scaled to its fan-in, so pre-activations reach the saturating range of tanh and of the gates while the
     * recurrence stays contracting (spectral radius of the noise in W_hh about one half).
     */
    private static SentimentNetwork float32Network(final NetworkConfig config, final Weights weights,
                                                   final SplittableRandom random) {
        final boolean elman = config.cell() == CellType.ELMAN;
        final SentimentNetwork network = SentimentNetwork.create(config,
                elman ? Init.Recurrent.IDENTITY : Init.Recurrent.ORTHOGONAL, elman ? 0.5 : 1.0, 42, DataType.FLOAT);
        if (weights == Weights.TRAINED) {
            final double h = config.hiddenSize();
            for (final Param p : network.params()) {
                final double sigma = switch (p.name()) {
                    case "wE" -> 0.3;
                    case "wHx" -> 1.0 / Math.sqrt(config.embeddingSize());
                    case "wHh" -> 0.25 / Math.sqrt(h);
                    case "wYh" -> 1.0 / Math.sqrt(h);
                    default -> 0.5;                                              // biases
                };
                p.value().addi(Init.normal(random, DataType.FLOAT, sigma, 1, p.value().length())
                        .reshape(p.value().shape()));
            }
        }
        return network;
    }

    /** The same weights in float64: float values are exact in double, so both start from identical numbers. */
    private static SentimentNetwork float64Copy(final SentimentNetwork net32) {
        return SentimentNetwork.fromValues(net32.config(),
                net32.params().stream().map(p -> p.value().castTo(DataType.DOUBLE)).toList());
    }

    /** 32 sequences of 400 down to 28 steps, as a batch of reviews sorted by length. */
    private static Packing productionPacking() {
        final int[] lengths = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            lengths[b] = LONGEST - 12 * b;
        }
        return Packing.of(lengths);
    }

    private static int[] tokens(final Packing packing, final SplittableRandom random) {
        final int[] ids = new int[packing.steps() * BATCH];
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                ids[t * BATCH + b] = 2 + random.nextInt(VOCABULARY - 2);
            }
        }
        return ids;
    }

    /** The cell's trace and hidden states, its inputs and their dropout mask, the features, max pooling's winners. */
    private record Pooled(RecurrentCell.Trace trace, INDArray hs, INDArray x, INDArray xMask, INDArray features,
                          int[] argmax) {
    }

    /**
     * Embedding, input dropout, cell and pooling of a network, run as {@link SentimentNetwork#forward} runs them
     * (the same masks for the same seed), with the hidden states kept.
     */
    private static Pooled pooled(final SentimentNetwork network, final int[] ids, final Packing packing,
                                 final long seed) {
        final NetworkConfig config = network.config();
        final DataType type = network.dataType();
        final long tb = (long) packing.steps() * BATCH;
        final INDArray x = Nd4j.zeros(type, tb, config.embeddingSize());                  // [T*B, E]
        new Embedding(network.params().get(0)).forward(ids, x);
        Nd4j.getRandom().setSeed(seed);
        final INDArray xMask = mask(type, config.dropout(), tb, config.embeddingSize());  // [T*B, E]
        x.muli(xMask);
        final RecurrentCell.Trace trace = network.cell().newTrace();
        final INDArray hs = network.cell().forward(trace, x, packing).dup();                // [(T+1)*B, H]
        final INDArray features = Nd4j.zeros(type, BATCH, config.hiddenSize());           // [B, H]
        final int[] argmax = new int[BATCH * config.hiddenSize()];
        config.pooling().forward(hs, packing, features, argmax);
        return new Pooled(trace, hs, x, xMask, features, argmax);
    }

    private static INDArray mask(final DataType type, final double dropout, final long rows, final long columns) {
        final INDArray mask = Nd4j.ones(type, rows, columns);
        if (dropout > 0) {
            Nd4j.exec(new BernoulliDistribution(mask, 1.0 - dropout));
            mask.divi(1.0 - dropout);
        }
        return mask;
    }

    /**
     * The float64 reference, from the layers and the classifier's equations written out here in plain double
     * arithmetic: {@code y = softmax(W_yh f + b_y)}, {@code E = -(1/B) Σ_b log y_{b,label}},
     * {@code ∂E/∂logits = (y - onehot)/B}. Gradients in the order of {@link SentimentNetwork#params()}.
     */
    private record Reference(INDArray probabilities, double loss, List<INDArray> gradients) {

        static Reference run(final SentimentNetwork net, final int[] ids, final int[] labels, final Packing packing,
                             final long seed, final int[] winners32, final double tieTolerance) {
            final NetworkConfig config = net.config();
            final int hidden = config.hiddenSize();
            final int classes = config.classes();
            final Pooled pooled = pooled(net, ids, packing, seed);
            final int[] winners = pooled.argmax().clone();
            final double[][] f = pooled.features().toDoubleMatrix();                      // [B, H]
            if (config.pooling() == Pooling.MAX) {
                adoptNearTies(pooled, winners32, winners, f, packing, tieTolerance);
            }
            final INDArray fMask = mask(DataType.DOUBLE, config.dropout(), BATCH, hidden);  // [B, H]
            for (int b = 0; b < BATCH; b++) {
                for (int j = 0; j < hidden; j++) {
                    f[b][j] *= fMask.getDouble(b, j);
                }
            }
            final List<Param> params = net.params();
            final double[][] wYh = params.get(params.size() - 2).value().toDoubleMatrix();  // [K, H]
            final double[] bY = params.get(params.size() - 1).value().toDoubleVector();     // [K]
            final double[][] y = new double[BATCH][classes];                                // [B, K]
            double loss = 0;
            for (int b = 0; b < BATCH; b++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double logit = bY[k];
                    for (int j = 0; j < hidden; j++) {
                        logit += wYh[k][j] * f[b][j];
                    }
                    y[b][k] = logit;
                    max = Math.max(max, logit);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    y[b][k] = Math.exp(y[b][k] - max);
                    sum += y[b][k];
                }
                for (int k = 0; k < classes; k++) {
                    y[b][k] /= sum;
                }
                loss -= Math.log(y[b][labels[b]]) / BATCH;
            }
            final double[][] dWyh = new double[classes][hidden];
            final double[] dBy = new double[classes];
            final INDArray dF = Nd4j.zeros(DataType.DOUBLE, BATCH, hidden);                 // [B, H]
            for (int b = 0; b < BATCH; b++) {
                for (int k = 0; k < classes; k++) {
                    final double dLogit = (y[b][k] - (labels[b] == k ? 1 : 0)) / BATCH;
                    dBy[k] += dLogit;
                    for (int j = 0; j < hidden; j++) {
                        dWyh[k][j] += dLogit * f[b][j];
                        dF.putScalar(b, j, dF.getDouble(b, j) + dLogit * wYh[k][j] * fMask.getDouble(b, j));
                    }
                }
            }
            final long tb = (long) packing.steps() * BATCH;
            final INDArray dH = Nd4j.zeros(DataType.DOUBLE, tb, hidden);                    // [T*B, H]
            config.pooling().backward(dF, packing, dH, winners);
            final INDArray dX = net.cell().backward(pooled.trace(), pooled.x(), dH, packing, 0, null)
                    .mul(pooled.xMask());
            new Embedding(params.get(0)).backward(ids, dX, packing);
            final List<INDArray> gradients = new ArrayList<>();
            for (int i = 0; i < params.size() - 2; i++) {
                gradients.add(params.get(i).grad());
            }
            gradients.add(Nd4j.create(dWyh));
            gradients.add(Nd4j.createFromArray(dBy));
            return new Reference(Nd4j.create(y), loss, gradients);
        }

        /**
         * Where float32's max-pooling winner differs from float64's, takes float32's if it is a near tie (within
         * the tolerance of the maximum in float64, so both picks are correct); fails otherwise.
         */
        private static void adoptNearTies(final Pooled pooled, final int[] winners32, final int[] winners,
                                          final double[][] f, final Packing packing, final double tolerance) {
            final int hidden = f[0].length;
            for (int b = 0; b < BATCH; b++) {
                for (int j = 0; j < hidden; j++) {
                    final int i = b * hidden + j;
                    if (winners32[i] == winners[i]) {
                        continue;
                    }
                    final double chosen = pooled.hs().getDouble((long) (winners32[i] + 1) * BATCH + b, j);
                    assertTrue(winners32[i] < packing.lengths()[b] && f[b][j] - chosen <= tolerance,
                            String.format("max pooling of sequence %d unit %d: float32 picks step %d (%.9f in float64),"
                                    + " float64 step %d (%.9f)", b, j, winners32[i], chosen, winners[i], f[b][j]));
                    winners[i] = winners32[i];
                    f[b][j] = chosen;
                }
            }
        }
    }
}
