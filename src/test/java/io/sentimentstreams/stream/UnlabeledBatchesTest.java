package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnlabeledBatchesTest {

    @Test
    void shouldHoldNothingForTheTrainerUntilABatchIsFull() {
        final UnlabeledBatches batches = new UnlabeledBatches(3);
        batches.offer("a");
        batches.offer("b");
        assertEquals(Optional.empty(), batches.take());
        batches.offer("c");
        assertEquals(Optional.of(List.of("a", "b", "c")), batches.take());
        assertEquals(Optional.empty(), batches.take(), "a batch is taken once");
    }

    @Test
    void shouldReplaceAWaitingBatchByANewerOneAndCountItsTexts() {
        final UnlabeledBatches batches = new UnlabeledBatches(2);
        assertEquals(0, batches.offer("a"));
        assertEquals(0, batches.offer("b"));
        assertEquals(0, batches.offer("c"));
        assertEquals(2, batches.offer("d"), "a and b were still waiting");
        assertEquals(0, batches.offer("e"));
        assertEquals(Optional.of(List.of("c", "d")), batches.take());
        assertEquals(0, batches.offer("f"), "nothing waited");
        assertEquals(Optional.of(List.of("e", "f")), batches.take());
    }

    @Test
    void shouldRefuseAnEmptyBatchSize() {
        assertThrows(IllegalArgumentException.class, () -> new UnlabeledBatches(0));
    }
}
