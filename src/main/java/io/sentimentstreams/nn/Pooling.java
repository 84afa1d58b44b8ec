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
 *   <li>{@code MEAN_MAX}: {@code f = [mean_t h_t, max_t h_t]}, the two side by side ({@code [B, 2H]}), each
 *       half with its own gradient as above.</li>
 * </ul>
 */
public enum Pooling {
    LAST, MEAN, MAX, MEAN_MAX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Features per hidden unit: 2 for MEAN_MAX, else 1. */
    public int width() {
        return this == MEAN_MAX ? 2 : 1;
    }

    public static Pooling parse(final String text) {
        for (final Pooling pooling : values()) {
            if (pooling.id().equalsIgnoreCase(text.trim())) {
                return pooling;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + text + "': expected last, mean, max or mean_max");
    }

    /**
     * @param hs       [(T+1)*B, H] hidden states from the cell (block t+1 = h_t)
     * @param features [B, H] output ([B, 2H] for MEAN_MAX)
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
            final int out = b * width() * hidden;
            switch (this) {
                case LAST -> {
                    final int in = (length * batch + b) * hidden;
                    for (int j = 0; j < hidden; j++) {
                        f.set(out + j, h.get(in + j));
                    }
                }
                case MEAN -> mean(h, batch, hidden, b, length, f, out);
                case MAX -> max(h, batch, hidden, b, length, f, out, winners);
                case MEAN_MAX -> {
                    mean(h, batch, hidden, b, length, f, out);
                    max(h, batch, hidden, b, length, f, out + hidden, winners);
                }
                default -> throw new IllegalStateException(name());
            }
        }
    }

    /** {@code f[out + j] = (1/T_b) Σ_t h_t[j]} of sequence b. */
    private static void mean(final Buf h, final int batch, final int hidden, final int b, final int length,
                             final Buf f, final int out) {
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

    /** {@code f[out + j] = max_t h_t[j]} of sequence b, its step remembered in {@code winners[b*H + j]}. */
    private static void max(final Buf h, final int batch, final int hidden, final int b, final int length,
                            final Buf f, final int out, final int[] winners) {
        final double[] best = new double[hidden];  // rows in memory order: one row per step
        final int won = b * hidden;
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        Arrays.fill(winners, won, won + hidden, 0);
        for (int t = 1; t <= length; t++) {
            final int in = (t * batch + b) * hidden;
            for (int j = 0; j < hidden; j++) {
                final double v = h.get(in + j);
                if (v > best[j] || Double.isNaN(v) && !Double.isNaN(best[j])) {   // NaN wins
                    best[j] = v;
                    winners[won + j] = t - 1;
                }
            }
        }
        for (int j = 0; j < hidden; j++) {
            f.set(out + j, best[j]);
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
     * {@code dFeatures [B, H]} ({@code [B, 2H]} for MEAN_MAX). Rows of padding are left as they are: the cells never read them.
     */
    public void backward(final INDArray dFeatures, final Packing packing, final INDArray dH, final int[] argmax) {
        final int batch = packing.batchSize();
        final int hidden = (int) dH.size(1);
        final Buf df = Buf.of(dFeatures);
        final Buf d = Buf.of(dH);
        for (int b = 0; b < batch; b++) {
            final int length = packing.lengths()[b];
            final int in = b * width() * hidden;
            final int won = b * hidden;
            for (int t = 0; t < length; t++) {
                final int row = (t * batch + b) * hidden;
                for (int j = 0; j < hidden; j++) {
                    final double g = switch (this) {
                        case LAST -> t == length - 1 ? df.get(in + j) : 0.0;
                        case MEAN -> df.get(in + j) / length;
                        case MAX -> argmax[won + j] == t ? df.get(in + j) : 0.0;
                        case MEAN_MAX -> df.get(in + j) / length
                                + (argmax[won + j] == t ? df.get(in + hidden + j) : 0.0);
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
