package org.samizdat.reach.export;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * What the export remembers about each of its 150,000 files (has it been seen, written, which
 * article it shows), kept as 64-bit hashes of the names in open-addressing tables of primitives: a
 * name as a {@code String} in a {@code HashMap} costs about 150 bytes, its hash here about 16. Two
 * names of one copy share a hash with a chance of about one in 10^9 at that size.
 */
final class LongHashes {

  private LongHashes() {}

  /** A 64-bit hash of a name (FNV-1a over its chars, then mixed). */
  static long of(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** Spreads the bits (MurmurHash3's finaliser), so the low bits pick a slot well. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** A set of longs. Not thread-safe. */
  static final class LongSet {
    private long[] keys;
    private boolean hasZero;
    private int size;

    LongSet() {
      this(16);
    }

    LongSet(int expected) {
      keys = new long[capacityFor(expected)];
    }

    /** Adds a key; true when it was not there yet. */
    boolean add(long key) {
      if (key == 0) {
        boolean added = !hasZero;
        hasZero = true;
        size += added ? 1 : 0;
        return added;
      }
      int slot = slot(keys, key);
      if (keys[slot] == key) {
        return false;
      }
      keys[slot] = key;
      if (++size * 2 > keys.length) {
        keys = rehash(keys, keys.length * 2);
      }
      return true;
    }

    boolean contains(long key) {
      if (key == 0) {
        return hasZero;
      }
      return keys[slot(keys, key)] == key;
    }

    int size() {
      return size;
    }
  }

  /** A map from longs to values. Not thread-safe. */
  static final class LongObjectMap<V> {
    private long[] keys;
    private Object[] values;
    private V zeroValue;
    private boolean hasZero;
    private int size;

    LongObjectMap() {
      this(16);
    }

    LongObjectMap(int expected) {
      int capacity = capacityFor(expected);
      keys = new long[capacity];
      values = new Object[capacity];
    }

    /** Puts the value unless the key has one; true when it was put. */
    boolean putIfAbsent(long key, V value) {
      if (key == 0) {
        if (hasZero) {
          return false;
        }
        hasZero = true;
        zeroValue = value;
        size++;
        return true;
      }
      int slot = slot(keys, key);
      if (keys[slot] == key) {
        return false;
      }
      keys[slot] = key;
      values[slot] = value;
      if (++size * 2 > keys.length) {
        grow();
      }
      return true;
    }

    /** Overwrites any value the key had. */
    void put(long key, V value) {
      if (key == 0) {
        size += hasZero ? 0 : 1;
        hasZero = true;
        zeroValue = value;
        return;
      }
      int slot = slot(keys, key);
      if (keys[slot] == key) {
        values[slot] = value;
        return;
      }
      keys[slot] = key;
      values[slot] = value;
      if (++size * 2 > keys.length) {
        grow();
      }
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
      if (key == 0) {
        return hasZero ? zeroValue : null;
      }
      int slot = slot(keys, key);
      return keys[slot] == key ? (V) values[slot] : null;
    }

    boolean containsKey(long key) {
      return key == 0 ? hasZero : keys[slot(keys, key)] == key;
    }

    /** Removes a key (backward-shift deletion, so lookups need no tombstones). */
    void remove(long key) {
      if (key == 0) {
        if (hasZero) {
          hasZero = false;
          zeroValue = null;
          size--;
        }
        return;
      }
      int mask = keys.length - 1;
      int slot = slot(keys, key);
      if (keys[slot] != key) {
        return;
      }
      size--;
      int hole = slot;
      for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
        int home = (int) key(keys[i]) & mask;
        // moves back an entry whose home is not between the hole and its slot (cyclically)
        if (((i - home) & mask) >= ((i - hole) & mask)) {
          keys[hole] = keys[i];
          values[hole] = values[i];
          hole = i;
        }
      }
      keys[hole] = 0;
      values[hole] = null;
    }

    int size() {
      return size;
    }

    /** Every key, in no order. */
    void forEachKey(LongConsumer action) {
      if (hasZero) {
        action.accept(0);
      }
      for (long k : keys) {
        if (k != 0) {
          action.accept(k);
        }
      }
    }

    private void grow() {
      long[] oldKeys = keys;
      Object[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new Object[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != 0) {
          int slot = slot(keys, oldKeys[i]);
          keys[slot] = oldKeys[i];
          values[slot] = oldValues[i];
        }
      }
    }
  }

  /** A map from longs to longs, for which article a file shows. Not thread-safe. */
  static final class LongLongMap {
    private long[] keys;
    private long[] values;
    private long zeroValue;
    private boolean hasZero;
    private int size;

    LongLongMap(int expected) {
      int capacity = capacityFor(expected);
      keys = new long[capacity];
      values = new long[capacity];
    }

    void put(long key, long value) {
      if (key == 0) {
        size += hasZero ? 0 : 1;
        hasZero = true;
        zeroValue = value;
        return;
      }
      int slot = slot(keys, key);
      values[slot] = value;
      if (keys[slot] != key) {
        keys[slot] = key;
        if (++size * 2 > keys.length) {
          long[] oldKeys = keys;
          long[] oldValues = values;
          keys = new long[oldKeys.length * 2];
          values = new long[oldKeys.length * 2];
          for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
              int s = slot(keys, oldKeys[i]);
              keys[s] = oldKeys[i];
              values[s] = oldValues[i];
            }
          }
        }
      }
    }

    /** Puts unless the key has a value. */
    void putIfAbsent(long key, long value) {
      if (!containsKey(key)) {
        put(key, value);
      }
    }

    boolean containsKey(long key) {
      return key == 0 ? hasZero : keys[slot(keys, key)] == key;
    }

    /** The key's value, or {@code missing}. */
    long get(long key, long missing) {
      if (key == 0) {
        return hasZero ? zeroValue : missing;
      }
      int slot = slot(keys, key);
      return keys[slot] == key ? values[slot] : missing;
    }
  }

  private static int capacityFor(int expected) {
    int capacity = 16;
    while (capacity < expected * 2L + 2 && capacity < (1 << 30)) {
      capacity <<= 1;
    }
    return capacity;
  }

  private static long key(long k) {
    return mix(k);
  }

  /** The slot holding the key, or the empty slot where it would go. */
  private static int slot(long[] keys, long key) {
    int mask = keys.length - 1;
    int i = (int) key(key) & mask;
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static long[] rehash(long[] old, int capacity) {
    long[] keys = new long[capacity];
    for (long k : old) {
      if (k != 0) {
        keys[slot(keys, k)] = k;
      }
    }
    Arrays.fill(old, 0);
    return keys;
  }
}
