package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;

/**
 * Dropout whose masks are a pure function of {@code (seed, step, site, index)}: the value at
 * {@code index} of dropout site {@code site} (a layer and a place in it) at training step
 * {@code step} is kept, scaled by {@code 1/(1-rate)}, or zeroed, from a hash of the four, with no
 * random state carried between steps. So a run resumed from a checkpoint at step s draws the same
 * masks at every later step as the uninterrupted run, and a step's masks do not depend on the
 * steps before it.
 */
final class DropoutMask {

    private DropoutMask() {
    }

    /** The scale of value {@code index}: 0 (dropped) or {@code 1/(1-rate)} (kept). */
    static double scale(long seed, int step, int site, long index, double rate) {
        long z = seed * 0x9E3779B97F4A7C15L + (long) step * 0xBF58476D1CE4E5B9L + (long) site * 0x94D049BB133111EBL + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;   // SplitMix64's finaliser
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double uniform = (z >>> 11) * 0x1.0p-53;       // [0, 1)
        return uniform < rate ? 0.0 : 1.0 / (1.0 - rate);
    }

    /** Writes the scales of values {@code [0, count)} into {@code target}. */
    static void fill(long seed, int step, int site, double rate, HostView target, int count) {
        for (int i = 0; i < count; i++) {
            target.set(i, scale(seed, step, site, i, rate));
        }
    }

    /** The scales of values {@code [0, count)}, in {@code into} when it is long enough. */
    static double[] fill(long seed, int step, int site, double rate, double[] into, int count) {
        double[] out = into != null && into.length >= count ? into : new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = scale(seed, step, site, i, rate);
        }
        return out;
    }
}
