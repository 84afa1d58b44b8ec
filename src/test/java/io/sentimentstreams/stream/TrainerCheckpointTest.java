package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerCheckpointTest {

    private static final TrainerCheckpoint CHECKPOINT = new TrainerCheckpoint(new byte[] {1, 2, 3}, 7,
            List.of(new float[] {0.5f, -0.25f}), 70, 2_240, 4, 1_000_000L, new byte[] {9}, Map.of(0, 2_240L),
            999_000L);

    @Test
    void shouldReadWhatItWrites() {
        final TrainerCheckpoint read = TrainerCheckpoint.fromBytes(CHECKPOINT.toBytes());
        assertArrayEquals(CHECKPOINT.model(), read.model());
        assertArrayEquals(CHECKPOINT.adamState().get(0), read.adamState().get(0));
        assertEquals(List.of(7L, 70L, 2_240L, 4L, 1_000_000L, 999_000L), List.of(read.adamSteps(),
                read.trainingSteps(), read.examplesSeen(), read.version(), read.lastSnapshotMs(),
                read.modelCreatedMs()));
        assertEquals(CHECKPOINT.offsets(), read.offsets());
    }

    @Test
    void shouldReadFormat1TakingTheLastSnapshotTimeAsTheModelsCreationTime() {
        // format 1 is format 2 without the trailing creation time: every format-1 checkpoint was written when the
        // trainer published, so its model was created at the last snapshot
        final byte[] current = CHECKPOINT.toBytes();
        final byte[] format1 = Arrays.copyOf(current, current.length - Long.BYTES);
        ByteBuffer.wrap(format1).putInt(0, 1);

        final TrainerCheckpoint read = TrainerCheckpoint.fromBytes(format1);
        assertEquals(1_000_000L, read.modelCreatedMs());
        assertEquals(CHECKPOINT.offsets(), read.offsets());
    }
}
