package io.sentimentstreams.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the online trainer needs to resume exactly, as kept in the {@code trainer-state} store at each
 * snapshot (the labeled reviews since then are kept in the {@code training-log} store and replayed):
 * <pre>
 *   format         int32    {@value #FORMAT}
 *   model          int32 length + ModelFile bytes (weights, tokenizer, metadata)
 *   adamSteps      int64
 *   adamState      int32 count, then per array: int32 length + float32 values (m of each parameter, then v)
 *   trainingSteps  int64    steps since the initial model
 *   examplesSeen   int64
 *   version        int64    the version these weights were published as
 *   lastSnapshotMs int64
 *   window         the prequential window
 *   offsets        int32 count, then per partition: int32 partition, int64 next offset
 *   modelCreatedMs int64    the creation time of that version's snapshot (format 2; in format 1, lastSnapshotMs)
 * </pre>
 * Format 1 (without {@code modelCreatedMs}) is still read.
 */
record TrainerCheckpoint(byte[] model, long adamSteps, List<float[]> adamState, long trainingSteps,
                         long examplesSeen, long version, long lastSnapshotMs, byte[] window,
                         Map<Integer, Long> offsets, long modelCreatedMs) {

    static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_CREATED_TIME = 1;

    TrainerCheckpoint {
        adamState = List.copyOf(adamState);
        offsets = Map.copyOf(offsets);
    }

    byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(model.length);
            out.write(model);
            out.writeLong(adamSteps);
            out.writeInt(adamState.size());
            for (final float[] array : adamState) {
                out.writeInt(array.length);
                for (final float value : array) {
                    out.writeFloat(value);
                }
            }
            out.writeLong(trainingSteps);
            out.writeLong(examplesSeen);
            out.writeLong(version);
            out.writeLong(lastSnapshotMs);
            out.writeInt(window.length);
            out.write(window);
            out.writeInt(offsets.size());
            for (final Map.Entry<Integer, Long> entry : new TreeMap<>(offsets).entrySet()) {
                out.writeInt(entry.getKey());
                out.writeLong(entry.getValue());
            }
            out.writeLong(modelCreatedMs);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TrainerCheckpoint fromBytes(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_CREATED_TIME) {
                throw new IllegalStateException("The trainer-state store holds format " + format
                        + ", this program reads formats " + FORMAT_WITHOUT_CREATED_TIME + " and " + FORMAT + ".");
            }
            final byte[] model = in.readNBytes(in.readInt());
            final long adamSteps = in.readLong();
            final int arrays = in.readInt();
            final List<float[]> adamState = new ArrayList<>(arrays);
            for (int a = 0; a < arrays; a++) {
                final float[] values = new float[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readFloat();
                }
                adamState.add(values);
            }
            final long trainingSteps = in.readLong();
            final long examplesSeen = in.readLong();
            final long version = in.readLong();
            final long lastSnapshotMs = in.readLong();
            final byte[] window = in.readNBytes(in.readInt());
            final int partitions = in.readInt();
            final Map<Integer, Long> offsets = new TreeMap<>();
            for (int p = 0; p < partitions; p++) {
                offsets.put(in.readInt(), in.readLong());
            }
            final long modelCreatedMs = format == FORMAT ? in.readLong() : lastSnapshotMs;
            return new TrainerCheckpoint(model, adamSteps, adamState, trainingSteps, examplesSeen, version,
                    lastSnapshotMs, window, offsets, modelCreatedMs);
        } catch (final IOException e) {
            throw new UncheckedIOException("The trainer-state store holds a truncated checkpoint", e);
        }
    }
}
