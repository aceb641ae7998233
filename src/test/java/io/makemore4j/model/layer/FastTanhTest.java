package io.makemore4j.model.layer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FastTanh} against {@link Math}: float accuracy everywhere, the limits, NaN. */
class FastTanhTest {

    @Test
    void fastTanhIsFloatAccurate() {
        double max = 0;
        for (double x = -12; x <= 12; x += 1e-4) {
            max = Math.max(max, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
        }
        assertTrue(max < 3e-7, "max error " + max);
        for (double x = 1e-30; x < 1e-2; x *= 1.1) {   // relative error near 0
            assertEquals(Math.tanh(x), FastTanh.tanh(x), 2e-7 * x);
        }
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY), 3e-7);
        assertEquals(-1.0, FastTanh.tanh(-1e300), 3e-7);
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
    }

    @Test
    void sigmoidIsFloatAccurate() {
        double max = 0;
        for (double x = -30; x <= 30; x += 1e-3) {
            max = Math.max(max, Math.abs(FastTanh.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(max < 2e-7, "max error " + max);
    }
}
