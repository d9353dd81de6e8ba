package org.isaacus.compilation;

import java.util.Arrays;

/**
 * The cohort's persons by the first 64 bits of their pseudonym, each with a small int of flags (which sources
 * have them) — memory grows with the cohort, never with the rows. Open addressing; zero is the empty slot,
 * so a key of zero is stored as one (a 2^-64 chance, harmless for counting).
 */
final class PersonIndex {

    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    PersonIndex(long expected) {
        int capacity = Integer.highestOneBit((int) Math.min(1L << 29, Math.max(16, expected * 2)) - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** Adds a person (no-op when present) with the given value. */
    void add(long key, int value) {
        int slot = slot(key);
        if (keys[slot] == 0) {
            if (size + 1 > keys.length * 3 / 4) {
                throw new IllegalStateException("more persons than the cohort was formed with");
            }
            keys[slot] = nonZero(key);
            values[slot] = value;
            size++;
        }
    }

    /** ORs flags into a present person; returns false when the person is not in the index. */
    boolean or(long key, int flags) {
        int slot = slot(key);
        if (keys[slot] == 0) {
            return false;
        }
        values[slot] |= flags;
        return true;
    }

    int get(long key) {
        int slot = slot(key);
        return keys[slot] == 0 ? -1 : values[slot];
    }

    int size() {
        return size;
    }

    /** How many persons have all bits of {@code flags}. */
    long count(int flags) {
        long n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && (values[i] & flags) == flags) {
                n++;
            }
        }
        return n;
    }

    int[] values() {
        int[] out = new int[size];
        int j = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                out[j++] = values[i];
            }
        }
        return Arrays.copyOf(out, j);
    }

    private int slot(long key) {
        long k = nonZero(key);
        int i = (int) (k ^ (k >>> 29)) & mask;
        while (keys[i] != 0 && keys[i] != k) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long nonZero(long key) {
        return key == 0 ? 1 : key;
    }
}
