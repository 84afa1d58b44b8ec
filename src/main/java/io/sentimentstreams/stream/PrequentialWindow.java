package io.sentimentstreams.stream;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prequential (test-then-train) accuracy and loss over the last {@code capacity} labeled reviews, each scored by
 * the trainer before it was trained on. Mutable; owned by one trainer.
 */
final class PrequentialWindow {

    private final boolean[] correct;
    private final double[] loss;
    private int count;
    private int next;

    PrequentialWindow(final int capacity) {
        this.correct = new boolean[capacity];
        this.loss = new double[capacity];
    }

    /**
     * Adds one review scored {@code probability} of positive, whose true label is {@code label}. A probability that
     * is not a finite number counts as a wrong prediction with the largest loss, so the window's figures stay
     * numbers.
     */
    void add(final double probability, final int label) {
        if (!Double.isFinite(probability)) {
            add(1 - label, label);
            return;
        }
        final double p = Math.min(Math.max(label == 1 ? probability : 1 - probability, 1e-7), 1.0);
        correct[next] = (probability >= 0.5 ? 1 : 0) == label;
        loss[next] = -Math.log(p);
        next = (next + 1) % correct.length;
        count = Math.min(count + 1, correct.length);
    }

    int count() {
        return count;
    }

    /** Share of correct predictions in the window, NaN when empty. */
    double accuracy() {
        int right = 0;
        for (int i = 0; i < count; i++) {
            right += correct[i] ? 1 : 0;
        }
        return count == 0 ? Double.NaN : (double) right / count;
    }

    /** Mean cross-entropy in nats over the window, NaN when empty. */
    double loss() {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += loss[i];
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The window as {@link #write} writes it, for the trainer's checkpoint. */
    byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void write(final DataOutputStream out) throws IOException {
        out.writeInt(correct.length);
        out.writeInt(count);
        out.writeInt(next);
        for (int i = 0; i < correct.length; i++) {
            out.writeBoolean(correct[i]);
            out.writeDouble(loss[i]);
        }
    }

    /** Reads a window written by {@link #write}, into a window of {@code capacity} (the newest entries kept). */
    static PrequentialWindow read(final DataInputStream in, final int capacity) throws IOException {
        final int length = in.readInt();
        final int count = in.readInt();
        final int next = in.readInt();
        final boolean[] correct = new boolean[length];
        final double[] loss = new double[length];
        for (int i = 0; i < length; i++) {
            correct[i] = in.readBoolean();
            loss[i] = in.readDouble();
        }
        final PrequentialWindow window = new PrequentialWindow(capacity);
        for (int k = count; k > 0; k--) {   // oldest first
            final int i = Math.floorMod(next - k, length);
            window.correct[window.next] = correct[i];
            window.loss[window.next] = loss[i];
            window.next = (window.next + 1) % capacity;
            window.count = Math.min(window.count + 1, capacity);
        }
        return window;
    }
}
