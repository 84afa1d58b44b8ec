package io.sentimentstreams.stream;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Which of several models got each of the last {@code capacity} labeled reviews right, all judged on the same
 * reviews, so their accuracies compare like for like. Column {@code c} of an entry is bit {@code c} of its mask.
 * Mutable; owned by one trainer.
 */
final class PairedWindow {

    private final int[] masks;
    private int count;
    private int next;

    PairedWindow(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.masks = new int[capacity];
    }

    /** Bit {@code column} set when {@code probability} of positive predicts {@code label} (NaN never does). */
    static int correct(final int column, final double probability, final int label) {
        final boolean right = Double.isFinite(probability) && (probability >= 0.5 ? 1 : 0) == label;
        return right ? 1 << column : 0;
    }

    /** Adds one review: bit c of {@code mask} set when column c's model got it right. */
    void add(final int mask) {
        masks[next] = mask;
        next = (next + 1) % masks.length;
        count = Math.min(count + 1, masks.length);
    }

    int capacity() {
        return masks.length;
    }

    int count() {
        return count;
    }

    /** Share of the reviews in the window that column {@code column} got right; NaN when empty. */
    double accuracy(final int column) {
        int right = 0;
        for (int i = 0; i < count; i++) {
            right += (masks[i] >> column) & 1;
        }
        return count == 0 ? Double.NaN : (double) right / count;
    }

    void clear() {
        count = 0;
        next = 0;
    }

    void write(final DataOutput out) throws IOException {
        out.writeInt(count);
        for (int k = count; k > 0; k--) {   // oldest first
            out.writeInt(masks[Math.floorMod(next - k, masks.length)]);
        }
    }

    /** Adds the entries {@link #write} wrote, the newest kept when they are more than this window holds. */
    void read(final DataInput in) throws IOException {
        clear();
        for (int k = in.readInt(); k > 0; k--) {
            add(in.readInt());
        }
    }
}
