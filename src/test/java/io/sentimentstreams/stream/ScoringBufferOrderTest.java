package io.sentimentstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** A restored scoring buffer is read back in arrival order, whatever slots its reviews occupy. */
class ScoringBufferOrderTest {

    private static final long LAST = ScoringProcessor.SLOTS - 1;

    /** Store entries for these keys, in the store's (key) order; each value is its key, for the assertions. */
    private static List<KeyValue<Bytes, byte[]>> storeWith(final long... keys) {
        return LongStream.of(keys).sorted().mapToObj(k -> KeyValue.pair(Bytes.wrap(BufferedRecord.sequenceKey(k)),
                BufferedRecord.sequenceKey(k))).toList();
    }

    private static List<Long> order(final List<KeyValue<Bytes, byte[]>> entries) {
        return ScoringProcessor.inArrivalOrder(entries).stream().map(e -> BufferedRecord.sequence(e.value)).toList();
    }

    @Test
    void shouldReadSlotsInKeyOrderWhenTheyDoNotWrap() {
        assertEquals(List.of(7L, 8L, 9L), order(storeWith(9, 7, 8)));
    }

    @Test
    void shouldStartAfterTheGapWhenTheSlotsWrapAroundToZero() {
        assertEquals(List.of(LAST - 1, LAST, 0L, 1L), order(storeWith(0, 1, LAST - 1, LAST)));
    }

    @Test
    void shouldReadWholeSequenceNumbersOfAnOlderVersionFirst() {
        final long old = ScoringProcessor.SLOTS + 5L;
        assertEquals(List.of(old, old + 1, 2L, 3L), order(storeWith(2, 3, old, old + 1)));
    }

    @Test
    void shouldReadAnEmptyBufferAsEmpty() {
        assertEquals(List.of(), order(storeWith()));
    }
}
