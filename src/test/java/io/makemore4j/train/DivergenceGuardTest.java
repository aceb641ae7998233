package io.makemore4j.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DivergenceGuardTest {

    @Test
    void nonFiniteLossStopsAtOnce() {
        DivergenceGuard guard = new DivergenceGuard(100);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> guard.check(7, Double.NaN));
        assertTrue(e.getMessage().contains("step 7"));
        assertThrows(TrainingDivergedException.class, () -> new DivergenceGuard(100).check(1, Double.POSITIVE_INFINITY));
    }

    @Test
    void highLossStopsOnlyWhenItPersists() {
        DivergenceGuard guard = new DivergenceGuard(10);
        for (int i = 1; i < DivergenceGuard.PATIENCE; i++) {
            int step = i;
            assertDoesNotThrow(() -> guard.check(step, 50));
        }
        assertDoesNotThrow(() -> guard.check(99, 2));   // a good step resets the count
        for (int i = 1; i < DivergenceGuard.PATIENCE; i++) {
            int step = 100 + i;
            assertDoesNotThrow(() -> guard.check(step, 50));
        }
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> guard.check(200, 50));
        assertTrue(e.getMessage().contains("train.diverge_loss"));
    }
}
