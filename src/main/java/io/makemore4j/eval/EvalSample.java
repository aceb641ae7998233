package io.makemore4j.eval;

import java.util.SplittableRandom;

/**
 * Which rows (or items) of a large split are evaluated: all of them up to {@code train.eval_rows},
 * beyond that a fixed, seeded, stratified sample of that many. The range is cut into
 * {@code size} equal strata and one index drawn uniformly in each, so the sample is spread over the
 * whole split, sorted, without repeats, and the same at every evaluation of the run and in every
 * run on the same split (the seed is a constant per split, not the run's seed). Each index is
 * drawn with probability {@code size / total} (within one index of equal strata), so the mean loss
 * over the sample estimates the split's mean loss without bias.
 */
final class EvalSample {

    private static final long SEED = 0x5EED_E7A1L;

    private EvalSample() {
    }

    /**
     * {@code size} sorted indices in {@code [0, total)}, one per stratum ({@code size < total}).
     *
     * @param stream which split the sample is for (one fixed seed each)
     */
    static long[] of(long total, int size, int stream) {
        if (size <= 0 || size >= total) {
            throw new IllegalArgumentException("a sample of " + size + " from " + total);
        }
        SplittableRandom random = new SplittableRandom(SEED + stream);
        long[] sample = new long[size];
        for (int i = 0; i < size; i++) {
            long from = stratumStart(total, size, i);
            long to = stratumStart(total, size, i + 1);
            sample[i] = from + random.nextLong(to - from);
        }
        return sample;
    }

    /** The first index of stratum {@code i} of {@code size} over {@code total}: {@code floor(i * total / size)}. */
    private static long stratumStart(long total, int size, int i) {
        return Math.multiplyHigh(i, total) == 0 && i * total >= 0
                ? i * total / size
                : java.math.BigInteger.valueOf(i).multiply(java.math.BigInteger.valueOf(total))
                        .divide(java.math.BigInteger.valueOf(size)).longValueExact();
    }
}
