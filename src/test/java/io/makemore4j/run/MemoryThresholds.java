package io.makemore4j.run;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where memory starts to refuse a run: the smallest value of a size key at which {@link MemoryPlan}
 * refuses {@code config/tiny.yaml} in this JVM (found by bisection, with the value below it
 * checked to pass), so that the bad-input tests can try each key just above what memory allows.
 */
public final class MemoryThresholds {

    private MemoryThresholds() {
    }

    /**
     * The smallest value of {@code key} in [1, {@code max}] that the plan refuses, or empty if it
     * accepts {@code max}; for {@code model.block_size} the flatten factors are {@code [value]}.
     */
    public static OptionalLong smallestRefused(String key, long max, int vocabulary) {
        if (!refused(key, max, vocabulary)) {
            return OptionalLong.empty();
        }
        long fits = 1;
        long refused = max;
        if (refused(key, fits, vocabulary)) {
            throw new IllegalStateException(key + "=1 is refused already");
        }
        while (refused - fits > 1) {
            long mid = fits + (refused - fits) / 2;
            if (refused(key, mid, vocabulary)) {
                refused = mid;
            } else {
                fits = mid;
            }
        }
        return OptionalLong.of(refused);
    }

    /** Whether the plan refuses {@code config/tiny.yaml} with {@code key=value}. */
    public static boolean refused(String key, long value, int vocabulary) {
        List<String> overrides = new ArrayList<>(List.of(key + "=" + value));
        if (key.equals("model.block_size")) {
            overrides.add("model.flatten=[" + value + "]");
        }
        Config config = ConfigLoader.load(Path.of("config/tiny.yaml"), overrides);
        try {
            MemoryPlan.of(config, vocabulary, 1.0).check(config, vocabulary, MemoryPlan.nativeLimit());
            return false;
        } catch (BadInputException e) {
            return true;
        }
    }
}
