package io.sentimentstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Adam#stepIfFinite}: a step whose loss, gradient or updated weights are not finite is refused with its
 * reason, and weights, Adam's moments and step count stay bit for bit what they were before it. The network is
 * the production kind (float32, GRU, max pooling), small, and has taken three finite steps first, so the moments
 * are not zero.
 */
class GuardedStepTest {

    private static final int V = 50;
    private static final int TRIGGER = 7;   // a token id that the clean batches never contain
    private static final NetworkConfig CONFIG = new NetworkConfig(CellType.GRU, V, 8, 8, 2, Pooling.MAX, 0.0);

    /** A network, its optimizer and the workspace, after three finite steps. */
    private static final class Learner {
        final SentimentNetwork network = SentimentNetwork.create(CONFIG, Init.Recurrent.ORTHOGONAL, 1.0, 42,
                DataType.FLOAT);
        final Adam adam;
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        final SplittableRandom random = new SplittableRandom(3);

        Learner(final double learningRate, final double clipNorm) {
            adam = new Adam(learningRate, clipNorm);
            for (int s = 0; s < 3; s++) {
                assertEquals(Optional.empty(), step(false));
            }
        }

        /** Forward and backward on a fresh batch of four (with the trigger token if asked), then the guarded step. */
        Optional<NonFinite> step(final boolean withTrigger) {
            return adam.stepIfFinite(network.params(), lossAndGradient(withTrigger));
        }

        double lossAndGradient(final boolean withTrigger) {
            final Packing packing = Packing.of(new int[] {6, 5, 3, 2});
            final int[] ids = new int[packing.steps() * packing.batchSize()];
            for (int t = 0; t < packing.steps(); t++) {
                for (int b = 0; b < packing.activeRows()[t]; b++) {
                    final int id = 2 + random.nextInt(V - 3);
                    ids[t * packing.batchSize() + b] = id >= TRIGGER ? id + 1 : id;
                }
            }
            if (withTrigger) {
                ids[2 * packing.batchSize() + 1] = TRIGGER;
            }
            network.forward(ws, ids, packing, true);
            return network.backward(ws, new int[] {1, 0, 1, 0}, 0, null);
        }

        Param param(final String name) {
            return network.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** Weights and Adam's state as raw bits, to compare exactly (NaN payloads and signed zeros included). */
    private record Snapshot(List<int[]> weights, List<int[]> moments, long steps) {
        static Snapshot of(final Learner learner) {
            return new Snapshot(bits(learner.network.params().stream().map(Param::value).toList()),
                    bits(learner.adam.state()), learner.adam.steps());
        }

        void assertSameAs(final Snapshot before) {
            assertEquals(before.steps(), steps(), "Adam's step count");
            assertEquals(before.weights().size(), weights().size());
            for (int i = 0; i < weights().size(); i++) {
                assertArrayEquals(before.weights().get(i), weights().get(i), "weights of parameter " + i);
            }
            assertEquals(before.moments().size(), moments().size(), "Adam's moments");
            for (int i = 0; i < moments().size(); i++) {
                assertArrayEquals(before.moments().get(i), moments().get(i), "Adam moment array " + i);
            }
        }

        private static List<int[]> bits(final List<INDArray> arrays) {
            final List<int[]> result = new ArrayList<>();
            for (final INDArray a : arrays) {
                final float[] values = a.dup().data().asFloat();
                final int[] raw = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    raw[i] = Float.floatToRawIntBits(values[i]);
                }
                result.add(raw);
            }
            return result;
        }
    }

    @Test
    void shouldRefuseAStepWhoseLossIsNotFiniteAndChangeNothing() {
        final Learner learner = new Learner(0.01, 5.0);
        learner.param("wYh").value().putScalar(0, 0, Float.NaN);       // a poisoned classifier weight
        final Snapshot before = Snapshot.of(learner);

        assertEquals(Optional.of(NonFinite.LOSS), learner.step(false));

        Snapshot.of(learner).assertSameAs(before);
        assertGradientsCleared(learner);
    }

    @Test
    void shouldRefuseAStepWhoseGradientIsNotFiniteAndChangeNothing() {
        final Learner learner = new Learner(0.01, 5.0);
        learner.param("wE").value().putScalar(TRIGGER, 0, Float.POSITIVE_INFINITY);   // an exploding input
        final Snapshot before = Snapshot.of(learner);

        final double loss = learner.lossAndGradient(true);
        assertTrue(Double.isFinite(loss), "the gates saturate, so the loss stays finite: " + loss);
        assertEquals(Optional.of(NonFinite.GRADIENT), learner.adam.stepIfFinite(learner.network.params(), loss));

        Snapshot.of(learner).assertSameAs(before);
        assertGradientsCleared(learner);
    }

    @Test
    void shouldRefuseAStepWhoseUpdatedWeightsAreNotFiniteAndChangeNothing() {
        final Learner learner = new Learner(0.01, 5.0);
        learner.param("wE").value().putScalar(TRIGGER, 0, Float.NaN);   // a poisoned weight the batch does not use
        final Snapshot before = Snapshot.of(learner);

        final double loss = learner.lossAndGradient(false);
        assertTrue(Double.isFinite(loss), "the batch does not read the poisoned weight: " + loss);
        assertEquals(Optional.of(NonFinite.WEIGHTS), learner.adam.stepIfFinite(learner.network.params(), loss));

        Snapshot.of(learner).assertSameAs(before);
        assertGradientsCleared(learner);
    }

    @Test
    void shouldRefuseAnUpdateThatOverflowsFloatAndCreateNoOptimizerState() {
        final SentimentNetwork network = SentimentNetwork.create(CONFIG, Init.Recurrent.ORTHOGONAL, 1.0, 42,
                DataType.FLOAT);
        final Adam adam = new Adam(1e39, 5.0);     // a learning rate beyond the float range: η·√(1-β2)/(1-β1) = ∞
        final List<int[]> weights = Snapshot.bits(network.params().stream().map(Param::value).toList());
        final SentimentNetwork.Workspace ws = network.newWorkspace();
        final Packing packing = Packing.of(new int[] {3, 2});
        network.forward(ws, new int[] {2, 3, 4, 5, 6, 0}, packing, true);
        final double loss = network.backward(ws, new int[] {1, 0}, 0, null);

        assertEquals(Optional.of(NonFinite.WEIGHTS), adam.stepIfFinite(network.params(), loss));

        assertEquals(0, adam.steps());
        assertEquals(List.of(), adam.state(), "a refused first step leaves Adam without moments, as it was");
        final List<int[]> after = Snapshot.bits(network.params().stream().map(Param::value).toList());
        for (int i = 0; i < weights.size(); i++) {
            assertArrayEquals(weights.get(i), after.get(i), "weights of parameter " + i);
        }
    }

    @Test
    void shouldRefuseAStepWhoseSecondMomentWouldOverflow() {
        final Param p = Param.of("w", org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 3));
        final Adam adam = new Adam(0.01, 0.0);       // no clipping
        p.grad().putScalar(1, 1e22f);                 // finite, but (1 - β2)·g² is not a float

        assertEquals(Optional.of(NonFinite.WEIGHTS), adam.stepIfFinite(List.of(p), 1.0));
        assertEquals(0, adam.steps());
        assertArrayEquals(new float[] {0, 0, 0}, p.value().data().asFloat());
    }

    @Test
    void shouldTakeAFiniteStepExactlyAsTheUnguardedStepDoes() {
        final Learner guarded = new Learner(0.01, 5.0);
        final SentimentNetwork plain = SentimentNetwork.fromValues(CONFIG,
                guarded.network.params().stream().map(p -> p.value().dup()).toList());
        final Adam plainAdam = new Adam(0.01, 5.0);
        plainAdam.restore(guarded.adam.steps(), guarded.adam.state().stream().map(INDArray::dup).toList());
        final double loss = guarded.lossAndGradient(false);
        for (int i = 0; i < plain.params().size(); i++) {
            plain.params().get(i).grad().assign(guarded.network.params().get(i).grad());
        }

        assertEquals(Optional.empty(), guarded.adam.stepIfFinite(guarded.network.params(), loss));
        plainAdam.step(plain.params());

        new Snapshot(Snapshot.bits(plain.params().stream().map(Param::value).toList()),
                Snapshot.bits(plainAdam.state()), plainAdam.steps()).assertSameAs(Snapshot.of(guarded));
    }

    @Test
    void shouldContinueAfterARefusedStepAsIfItHadNeverComeIn() {
        final Learner clean = new Learner(0.01, 5.0);
        final Learner poisoned = new Learner(0.01, 5.0);
        final double loss = poisoned.lossAndGradient(false);
        poisoned.param("bX").grad().putScalar(0, Float.NaN);           // a gradient that went NaN
        assertEquals(Optional.of(NonFinite.GRADIENT), poisoned.adam.stepIfFinite(poisoned.network.params(), loss));
        skipBatch(clean);                                               // so both draw the same next batch

        assertEquals(Optional.empty(), clean.step(false));
        assertEquals(Optional.empty(), poisoned.step(false));

        Snapshot.of(poisoned).assertSameAs(Snapshot.of(clean));
    }

    /** Draws a batch and drops its gradients, as if it had never come in. */
    private static void skipBatch(final Learner learner) {
        learner.lossAndGradient(false);
        learner.network.params().forEach(Param::zeroGrad);
    }

    private static void assertGradientsCleared(final Learner learner) {
        for (final Param p : learner.network.params()) {
            assertEquals(0.0, p.grad().amaxNumber().doubleValue(), 0.0, p.name() + " gradient cleared");
        }
    }
}
