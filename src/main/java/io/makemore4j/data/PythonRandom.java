package io.makemore4j.data;

import java.util.Collections;
import java.util.List;

/**
 * CPython's {@code random.Random}, bit for bit, for the calls the reference recipe makes: seeding
 * with an integer, {@code getrandbits}, {@code random}, {@code _randbelow} and {@code shuffle}.
 * So {@code new PythonRandom(42).shuffle(items)} leaves the items in the order that
 * {@code random.seed(42); random.shuffle(items)} gives in Python 3.
 *
 * <p>The generator is the Mersenne Twister MT19937, seeded like CPython's {@code random_seed}: the
 * absolute value of the seed is cut into 32-bit words, least significant first, and passed to
 * {@code init_by_array}. Not thread-safe; each instance is one independent stream.
 */
public final class PythonRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int mti;

    /** A generator in the state of Python's {@code random.seed(seed)}. */
    public PythonRandom(long seed) {
        long magnitude = Math.abs(seed); // Long.MIN_VALUE stays 2^63 when read as unsigned, as wanted
        int low = (int) magnitude;
        int high = (int) (magnitude >>> 32);
        initByArray(high == 0 ? new int[] {low} : new int[] {low, high});
    }

    /** Python's {@code getrandbits(k)}: a uniform integer in [0, 2^k), for 0 &lt;= k &lt;= 63. */
    public long getrandbits(int k) {
        if (k < 0 || k > 63) {
            throw new IllegalArgumentException("k must be in [0, 63], got " + k);
        }
        if (k <= 32) {
            return k == 0 ? 0 : Integer.toUnsignedLong(nextUint32()) >>> (32 - k);
        }
        long low = Integer.toUnsignedLong(nextUint32()); // CPython fills 32-bit words, least significant first
        long high = Integer.toUnsignedLong(nextUint32()) >>> (64 - k);
        return (high << 32) | low;
    }

    /** Python's {@code random()}: a uniform double in [0, 1) with 53 random bits. */
    public double random() {
        long a = Integer.toUnsignedLong(nextUint32()) >>> 5;
        long b = Integer.toUnsignedLong(nextUint32()) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /**
     * Python's {@code _randbelow(n)}: a uniform integer in [0, n), by drawing {@code n.bit_length()}
     * bits until the value is below {@code n}.
     */
    public int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n); // n.bit_length()
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /** Python's {@code shuffle(x)}: Fisher-Yates from the end, in place. */
    public void shuffle(List<?> list) {
        shuffle(list.size(), (i, j) -> Collections.swap(list, i, j));
    }

    /**
     * Python's {@code shuffle} of any sequence of {@code size} elements, through its swap operation:
     * the same draws and swaps as {@link #shuffle(List)}, for storage that is not a list (millions
     * of indices in a primitive array, without an object per element).
     */
    public void shuffle(int size, Swap swap) {
        for (int i = size - 1; i > 0; i--) {
            swap.swap(i, randbelow(i + 1));
        }
    }

    /** Exchanges two elements of the sequence being shuffled. */
    @FunctionalInterface
    public interface Swap {
        void swap(int i, int j);
    }

    private void initGenrand(int seed) {
        mt[0] = seed;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = UPPER_MASK; // MSB is 1, assuring a non-zero initial array
    }

    /** MT19937's {@code genrand_uint32}: the next 32 random bits. */
    private int nextUint32() {
        if (mti >= N) {
            twist();
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int kk = 0; kk < N; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
            mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        mti = 0;
    }
}
