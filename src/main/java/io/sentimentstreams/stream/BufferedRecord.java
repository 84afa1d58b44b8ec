package io.sentimentstreams.stream;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A record waiting in a buffer store, in the store's value format:
 * <pre>
 *   timestamp   int64   the record's timestamp
 *   arrivalMs   int64   wall-clock time it entered the buffer, ms since the epoch
 *   keyLength   int32   -1 for a null key
 *   key         keyLength bytes
 *   value       the rest: the encoded record value
 * </pre>
 * All integers big-endian.
 *
 * @param key       the record key, or null
 * @param value     the encoded value
 * @param timestamp the record timestamp
 * @param arrivalMs when it was buffered
 */
record BufferedRecord(byte[] key, byte[] value, long timestamp, long arrivalMs) {

    private static final int FIXED = 2 * Long.BYTES + Integer.BYTES;

    BufferedRecord {
        Objects.requireNonNull(value, "value");
    }

    byte[] toBytes() {
        final int keyLength = key == null ? 0 : key.length;
        final ByteBuffer out = ByteBuffer.allocate(FIXED + keyLength + value.length);
        out.putLong(timestamp).putLong(arrivalMs).putInt(key == null ? -1 : key.length);
        if (key != null) {
            out.put(key);
        }
        return out.put(value).array();
    }

    static BufferedRecord fromBytes(final byte[] bytes) {
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final long timestamp = in.getLong();
        final long arrival = in.getLong();
        final int keyLength = in.getInt();
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            in.get(key);
        }
        final byte[] value = new byte[in.remaining()];
        in.get(value);
        return new BufferedRecord(key, value, timestamp, arrival);
    }

    /** The store key of sequence number {@code sequence}: 8 big-endian bytes, so store order is arrival order. */
    static byte[] sequenceKey(final long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    static long sequence(final byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }
}
