package io.sentimentstreams.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the models loader, on the global thread, tells the online trainer, on a stream thread, about the models
 * topic of this instance's model line: the highest version any snapshot there carries (so the trainer never
 * publishes a version already used), and the records it could not use, which the trainer sends to the dead-letter
 * topic (a global store's processor cannot write to a topic, and only the one trainer task of the application
 * sends each once). One per application instance; thread-safe.
 */
final class ModelLineWatch {

    /** Unusable records kept for the trainer at most; older ones are dropped with a warning. */
    static final int MAX_WAITING = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(ModelLineWatch.class);

    /**
     * A record of the models topic that the loader could not use, ready to go to the dead-letter topic.
     *
     * @param partition its partition
     * @param offset    its offset
     * @param key       its key as received
     * @param value     its value as received
     * @param timestamp its timestamp
     * @param headers   its own headers and the {@link DeadLetters} ones
     * @param reason    why it cannot be used
     */
    record Unusable(int partition, long offset, byte[] key, byte[] value, long timestamp, Headers headers,
                    DeadLetterReason reason) {
    }

    private final AtomicLong highestVersion = new AtomicLong();
    private final Map<Integer, Long> lastUsableOffsets = new ConcurrentHashMap<>();
    private final Queue<Unusable> unusable = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /** Notes a snapshot of the line with {@code version}, usable or not. */
    void sawVersion(final long version) {
        highestVersion.accumulateAndGet(version, Math::max);
    }

    /** The highest version seen on the line; 0 if none. */
    long highestVersion() {
        return highestVersion.get();
    }

    /** Notes a usable snapshot of the line at {@code offset} of {@code partition}. */
    void sawUsable(final int partition, final long offset) {
        lastUsableOffsets.merge(partition, offset, Math::max);
    }

    /** Keeps an unusable record of the line for the trainer. */
    void sawUnusable(final Unusable record) {
        unusable.add(record);
        if (waiting.incrementAndGet() > MAX_WAITING && unusable.poll() != null) {
            waiting.decrementAndGet();
            LOG.warn("More than {} unusable records on the models topic wait for the online trainer to send them"
                    + " to the dead-letter topic; the oldest is dropped.", MAX_WAITING);
        }
    }

    /** Takes every unusable record kept so far, oldest first. */
    List<Unusable> takeUnusable() {
        final List<Unusable> taken = new ArrayList<>();
        for (Unusable next = unusable.poll(); next != null; next = unusable.poll()) {
            waiting.decrementAndGet();
            taken.add(next);
        }
        return taken;
    }

    /** Whether no usable snapshot of the line came after {@code record}: it is the line's newest value. */
    boolean isNewest(final Unusable record) {
        return record.offset() > lastUsableOffsets.getOrDefault(record.partition(), -1L);
    }
}
