package org.reveille.protocol;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the nonces of accepted signed frames for as long as their timestamps are inside the replay window,
 * so a captured frame cannot be sent again. Memory is bounded: when full, the oldest entry is dropped and
 * frames no newer than it are refused from then on, since they could no longer be proven fresh.
 */
final class NonceCache {

    private final int capacity;
    private final long windowMillis;
    private final LinkedHashMap<Long, Long> timestampByNonce = new LinkedHashMap<>();
    private long floorMillis = Long.MIN_VALUE;

    NonceCache(int capacity, long windowMillis) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.windowMillis = windowMillis;
    }

    /**
     * Records the nonce.
     *
     * @throws ProtocolException REPLAYED when it was seen before, or cannot be checked any more
     */
    synchronized void record(long nonce, long timestampMillis, long nowMillis) throws ProtocolException {
        expire(nowMillis);
        if (timestampMillis <= floorMillis) {
            throw new ProtocolException(ErrorCode.REPLAYED,
                    "frame is older than the oldest nonce still remembered; cannot rule out a replay");
        }
        if (timestampByNonce.containsKey(nonce)) {
            throw new ProtocolException(ErrorCode.REPLAYED, "nonce " + Long.toHexString(nonce) + " was already used");
        }
        if (timestampByNonce.size() >= capacity) {
            Iterator<Map.Entry<Long, Long>> oldest = timestampByNonce.entrySet().iterator();
            floorMillis = Math.max(floorMillis, oldest.next().getValue());
            oldest.remove();
        }
        timestampByNonce.put(nonce, timestampMillis);
    }

    /** Drops entries from the head that can no longer pass the timestamp check anyway. */
    private void expire(long nowMillis) {
        Iterator<Map.Entry<Long, Long>> it = timestampByNonce.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() + windowMillis >= nowMillis) {
                return;
            }
            it.remove();
        }
    }

    synchronized int size() {
        return timestampByNonce.size();
    }
}
