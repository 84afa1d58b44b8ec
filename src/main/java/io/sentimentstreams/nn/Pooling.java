package io.sentimentstreams.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the hidden states of a sequence become the classifier's features {@code f [B, H]}, over real steps only.
 * <ul>
 *   <li>{@code LAST}: {@code f = h_T} of each sequence (its own last real step), the classic formulation.</li>
 *   <li>{@code MEAN}: {@code f = (1/T_b) Σ_t h_t}; every step receives gradient directly.</li>
 *   <li>{@code MAX}: {@code f = max_t h_t} per unit; the gradient goes to the step that won. A NaN state wins,
 *       as in the other poolings, so a computation that broke somewhere in a sequence cannot pass for a number.</li>
 * </ul>
 */
public enum Pooling {
    LAST, MEAN, MAX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pooling parse(final String text) {
        for (final Pooling pooling : values()) {
            if (pooling.id().equalsIgnoreCase(text.trim())) {
                return pooling;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + text + "': expected last, mean or max");
    }

    /**
     * @param hs       [(T+1)*B, H] hidden states from the cell (block t+1 = h_t)
     * @param features [B, H] output
     * @param argmax   [B*H] scratch that remembers, for MAX, the winning step of each feature; null when no
     *                 backward pass follows (scoring), which lets MAX pool a whole step's float rows at a time
     */
    public void forward(final INDArray hs, final Packing packing, final INDArray features, final int[] argmax) {
        final int batch = packing.batchSize();
        final int hidden = (int) hs.size(1);
        if (this == MAX && argmax == null && hs.dataType() == DataType.FLOAT) {
            maxOfSteps(hs, packing, hidden, features);
            return;
        }
        final int[] winners = argmax != null ? argmax : new int[batch * hidden];
        final Buf h = Buf.of(hs);
        final Buf f = Buf.of(features);
        for (int b = 0; b < batch; b++) {
            final int length = packing.lengths()[b];
            final int out = b * hidden;
            switch (this) {
                case LAST -> {
                    final int in = (length * batch + b) * hidden;
                    for (int j = 0; j < hidden; j++) {
                        f.set(out + j, h.get(in + j));
                    }
                }
                case MEAN -> {
                    final double[] sum = new double[hidden];    // rows in memory order: one row per step
                    for (int t = 1; t <= length; t++) {
                        final int in = (t * batch + b) * hidden;
                        for (int j = 0; j < hidden; j++) {
                            sum[j] += h.get(in + j);
                        }
                    }
                    for (int j = 0; j < hidden; j++) {
                        f.set(out + j, sum[j] / length);
                    }
                }
                case MAX -> {
                    final double[] best = new double[hidden];  // rows in memory order: one row per step
                    Arrays.fill(best, Double.NEGATIVE_INFINITY);
                    Arrays.fill(winners, out, out + hidden, 0);
                    for (int t = 1; t <= length; t++) {
                        final int in = (t * batch + b) * hidden;
                        for (int j = 0; j < hidden; j++) {
                            final double v = h.get(in + j);
                            if (v > best[j] || Double.isNaN(v) && !Double.isNaN(best[j])) {   // NaN wins
                                best[j] = v;
                                winners[out + j] = t - 1;
                            }
                        }
                    }
                    for (int j = 0; j < hidden; j++) {
                        f.set(out + j, best[j]);
                    }
                }
                default -> throw new IllegalStateException(name());
            }
        }
    }

    /**
     * MAX without remembering the winners: {@code f = max_t h_t} taken step by step over the rows still running at
     * step t (the first {@code activeRows[t]}, contiguous in memory), one bulk read per step and a loop the JIT
     * vectorises. {@code Math.max} returns NaN when either side is NaN, so a NaN state wins here too.
     */
    private static void maxOfSteps(final INDArray hs, final Packing packing, final int hidden,
                                   final INDArray features) {
        final int batch = packing.batchSize();
        final int base = (int) hs.offset();
        final int[] active = packing.activeRows();
        final FloatBuffer h = hs.data().asNioFloat();
        final float[] best = new float[batch * hidden];        // [B, H]
        final float[] row = new float[batch * hidden];         // h_t of the running rows
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int t = 0; t < packing.steps(); t++) {
            final int n = active[t] * hidden;
            h.get(base + (t + 1) * batch * hidden, row, 0, n);
            for (int i = 0; i < n; i++) {
                best[i] = Math.max(best[i], row[i]);
            }
        }
        final Buf f = Buf.of(features);
        for (int i = 0; i < batch * hidden; i++) {
            f.set(i, best[i]);
        }
    }

    /**
     * Writes ∂E/∂h_t for every real step into {@code dH [T*B, H]} (row t*B+b = step t of sequence b) from
     * {@code dFeatures [B, H]}. Rows of padding are left as they are: the cells never read them.
     */
    public void backward(final INDArray dFeatures, final Packing packing, final INDArray dH, final int[] argmax) {
        final int batch = packing.batchSize();
        final int hidden = (int) dFeatures.size(1);
        final Buf df = Buf.of(dFeatures);
        final Buf d = Buf.of(dH);
        for (int b = 0; b < batch; b++) {
            final int length = packing.lengths()[b];
            final int in = b * hidden;
            for (int t = 0; t < length; t++) {
                final int row = (t * batch + b) * hidden;
                for (int j = 0; j < hidden; j++) {
                    final double g = switch (this) {
                        case LAST -> t == length - 1 ? df.get(in + j) : 0.0;
                        case MEAN -> df.get(in + j) / length;
                        case MAX -> argmax[in + j] == t ? df.get(in + j) : 0.0;
                    };
                    d.set(row + j, g);
                }
            }
        }
    }

    /** Element access to a row-major array's memory, float or double. */
    private interface Buf {
        double get(int i);

        void set(int i, double v);

        static Buf of(final INDArray a) {
            final int base = (int) a.offset();
            if (a.dataType() == DataType.DOUBLE) {
                final DoubleBuffer buffer = a.data().asNioDouble();
                return new Buf() {
                    public double get(final int i) {
                        return buffer.get(base + i);
                    }

                    public void set(final int i, final double v) {
                        buffer.put(base + i, v);
                    }
                };
            }
            final FloatBuffer buffer = a.data().asNioFloat();
            return new Buf() {
                public double get(final int i) {
                    return buffer.get(base + i);
                }

                public void set(final int i, final double v) {
                    buffer.put(base + i, (float) v);
                }
            };
        }
    }
}
