package io.sentimentstreams.app.kafka;

import java.util.function.LongSupplier;

/**
 * Paces events to a rate: event {@code n} is due {@code n / rate} seconds after the first. A sender that falls
 * more than one second behind starts afresh instead of bursting to catch up. Time comes from {@code nanoTime}.
 */
public final class Pace {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double nanosPerEvent;
    private final LongSupplier nanoTime;
    private long start;
    private long sent;

    public Pace(final double eventsPerSecond, final LongSupplier nanoTime) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 events/s, got " + eventsPerSecond);
        }
        this.nanosPerEvent = NANOS_PER_SECOND / eventsPerSecond;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** How long to wait, in nanoseconds, before the next event is due; 0 when it is due now. */
    public long nanosUntilNext() {
        final long now = nanoTime.getAsLong();
        final long due = start + (long) (sent * nanosPerEvent);
        if (now - due > NANOS_PER_SECOND) {
            start = now;
            sent = 0;
            return 0;
        }
        return Math.max(0, due - now);
    }

    /** Records that one event was sent. */
    public void sent() {
        sent++;
    }
}
