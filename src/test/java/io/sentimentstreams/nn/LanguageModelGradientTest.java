package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole language model (embedding, cell, sampled softmax) against central differences in double precision,
 * for every cell, over packed batches with padding; and float32 against float64 on the same weights.
 */
class LanguageModelGradientTest {

    private static final int V = 9;
    private static final int E = 3;
    private static final int H = 4;
    private static final int[] CANDIDATES = {4, 8, 1, 4, 2, 7};

    static List<Arguments> setups() {
        final List<Arguments> cases = new java.util.ArrayList<>();
        for (final CellType type : CellType.values()) {
            cases.add(Arguments.of(type, new int[] {4, 3, 1}));
            cases.add(Arguments.of(type, new int[] {1}));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} lengths {1}")
    @MethodSource("setups")
    void shouldMatchFiniteDifferencesForEveryParameter(final CellType type, final int[] lengths) {
        final LanguageModel model = model(type, DataType.DOUBLE, 31);
        final Packing packing = Packing.of(lengths);
        final int[] inputs = tokens(packing, 1);
        final int[] targets = tokens(packing, 2);
        final double[] logCount = logCounts();
        final LanguageModel.Workspace ws = model.newWorkspace();
        model.forward(ws, inputs, targets, packing, CANDIDATES, logCount);
        model.backward(ws);

        final DoubleSupplier loss = () -> model.forward(model.newWorkspace(), inputs, targets, packing, CANDIDATES,
                logCount);
        for (final Param p : model.params()) {
            final boolean recurrentAtOneStep = p.name().equals("wHh") && packing.steps() == 1;
            GradientChecks.check(type + " LM " + p.name(), p.value(), p.grad(), loss, !recurrentAtOneStep);
        }
    }

    @ParameterizedTest(name = "{0} lengths {1}")
    @MethodSource("setups")
    void shouldGiveTheSameLossAndGradientsInFloat32AsInFloat64(final CellType type, final int[] lengths) {
        final LanguageModel exact = model(type, DataType.DOUBLE, 32);
        final LanguageModel single = LanguageModel.fromValues(type,
                exact.params().stream().map(p -> p.value().castTo(DataType.FLOAT)).toList());
        final Packing packing = Packing.of(lengths);
        final int[] inputs = tokens(packing, 1);
        final int[] targets = tokens(packing, 2);
        final double[] logCount = logCounts();
        final LanguageModel.Workspace ews = exact.newWorkspace();
        final double exactLoss = exact.forward(ews, inputs, targets, packing, CANDIDATES, logCount);
        exact.backward(ews);
        final LanguageModel.Workspace sws = single.newWorkspace();
        final double singleLoss = single.forward(sws, inputs, targets, packing, CANDIDATES, logCount);
        single.backward(sws);

        assertEquals(exactLoss, singleLoss, 1e-5 * Math.abs(exactLoss));
        for (int i = 0; i < exact.params().size(); i++) {
            final INDArray a = exact.params().get(i).grad();
            final INDArray b = single.params().get(i).grad().castTo(DataType.DOUBLE);
            final double scale = Math.max(1e-3, a.norm2Number().doubleValue());
            assertEquals(0.0, a.sub(b).norm2Number().doubleValue() / scale, 1e-4,
                    exact.params().get(i).name() + " in float32");
        }
    }

    @ParameterizedTest(name = "{0} lengths {1}")
    @MethodSource("setups")
    void shouldMatchFiniteDifferencesForEveryParameterOfTheBidirectionalModel(final CellType type,
                                                                              final int[] lengths) {
        final BidirectionalLanguageModel model = BidirectionalLanguageModel.create(type, V, E, H,
                Init.Recurrent.ORTHOGONAL, 1.0, 41, DataType.DOUBLE);
        final SplittableRandom random = new SplittableRandom(42);
        for (final Param p : model.params()) {
            p.value().addi(Init.normal(random, DataType.DOUBLE, 0.3, 1, p.value().length()).reshape(p.value().shape()));
        }
        final Packing packing = Packing.of(lengths);
        final int[] inputs = tokens(packing, 1);
        final int[] targets = tokens(packing, 2);
        final int[] reversedInputs = tokens(packing, 3);
        final int[] reversedTargets = tokens(packing, 4);
        final double[] logCount = logCounts();
        final BidirectionalLanguageModel.Workspace ws = model.newWorkspace();
        model.forward(ws, inputs, targets, reversedInputs, reversedTargets, packing, CANDIDATES, logCount);
        model.backward(ws);

        final DoubleSupplier loss = () -> model.forward(model.newWorkspace(), inputs, targets, reversedInputs,
                reversedTargets, packing, CANDIDATES, logCount);
        final int cellParams = type == CellType.GRU ? 4 : 3;
        assertEquals(1 + 2 * cellParams + 4, model.params().size());
        for (final Param p : model.params()) {
            final boolean recurrentAtOneStep = p.name().equals("wHh") && packing.steps() == 1;
            GradientChecks.check(type + " bidirectional LM " + p.name(), p.value(), p.grad(), loss,
                    !recurrentAtOneStep);
        }
    }

    private static LanguageModel model(final CellType type, final DataType dataType, final long seed) {
        final LanguageModel model = LanguageModel.create(type, V, E, H, Init.Recurrent.ORTHOGONAL, 1.0, seed,
                dataType);
        final SplittableRandom random = new SplittableRandom(seed + 1);
        for (final Param p : model.params()) {       // non-trivial weights everywhere, biases included
            p.value().addi(Init.normal(random, DataType.DOUBLE, 0.3, 1, p.value().length())
                    .reshape(p.value().shape()).castTo(dataType));
        }
        return model;
    }

    private static double[] logCounts() {
        final double[] logCount = new double[V];
        for (int c = 0; c < V; c++) {
            logCount[c] = Math.log(1.0 + c) - 1;
        }
        return logCount;
    }

    /** Time-major ids 1..V-1 on real steps (shifted by {@code offset}), 0 (padding) elsewhere. */
    private static int[] tokens(final Packing packing, final int offset) {
        final int batch = packing.batchSize();
        final int[] tokens = new int[packing.steps() * batch];
        for (int t = 0; t < packing.steps(); t++) {
            for (int b = 0; b < packing.activeRows()[t]; b++) {
                tokens[t * batch + b] = 1 + (3 * t + 2 * b + offset) % (V - 1);
            }
        }
        return tokens;
    }
}
