package io.sentimentstreams.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PaceTest {

    private static final long MS = 1_000_000L;

    @Test
    void shouldSpaceEventsByOneOverTheRate() {
        final AtomicLong now = new AtomicLong(1_000 * MS);
        final Pace pace = new Pace(100, now::get);
        assertEquals(0, pace.nanosUntilNext());
        pace.sent();
        assertEquals(10 * MS, pace.nanosUntilNext());
        now.addAndGet(4 * MS);
        assertEquals(6 * MS, pace.nanosUntilNext());
        now.addAndGet(6 * MS);
        assertEquals(0, pace.nanosUntilNext());
    }

    @Test
    void shouldNotBurstAfterFallingMoreThanASecondBehind() {
        final AtomicLong now = new AtomicLong(0);
        final Pace pace = new Pace(10, now::get);
        pace.sent();
        now.addAndGet(5_000 * MS);
        assertEquals(0, pace.nanosUntilNext());
        pace.sent();
        assertEquals(100 * MS, pace.nanosUntilNext());
    }
}
