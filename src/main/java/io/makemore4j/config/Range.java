package io.makemore4j.config;

/**
 * The values a numeric key may take: from {@code min} to {@code max}, each bound included or not,
 * with what the upper bound stands for ({@code why}, e.g. "a context longer than this is not a
 * character model's"). Declared with each key in {@link ConfigSchema}, read by the checks and by
 * the tests that try every key at its bounds.
 *
 * @param min     the lowest value ({@code -Double.MAX_VALUE}: none beyond the type's)
 * @param minOpen whether {@code min} itself is refused
 * @param max     the highest value ({@code Double.MAX_VALUE}: none beyond the type's)
 * @param maxOpen whether {@code max} itself is refused
 * @param why     what the upper bound means, for the message; empty when there is none
 */
public record Range(double min, boolean minOpen, double max, boolean maxOpen, String why) implements ConfigKey.Constraint {

    /** Above 0 (0 refused), up to {@code max} included. */
    static Range positive(double max, String why) {
        return new Range(0, true, max, false, why);
    }

    /** 0 or more, up to {@code max} included. */
    static Range nonNegative(double max, String why) {
        return new Range(0, false, max, false, why);
    }

    /** Above 0, no upper bound but the type's. */
    static Range positive() {
        return new Range(0, true, Double.MAX_VALUE, false, "");
    }

    /** From 0 to 1, both included. */
    static Range fraction() {
        return new Range(0, false, 1, false, "");
    }

    /** Strictly between 0 and 1. */
    static Range openFraction() {
        return new Range(0, true, 1, true, "");
    }

    /** Whether {@code v} is in the range. */
    public boolean contains(double v) {
        return (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
    }

    @Override
    public String check(Object value) {
        double v = ((Number) value).doubleValue();
        if (contains(v)) {
            return null;
        }
        if (min == 0 && max == 1 && why.isEmpty()) {
            return (minOpen ? "must be strictly between 0 and 1" : "must be between 0 and 1") + ", got " + value;
        }
        if (minOpen ? v <= min : v < min) {
            return (min == 0 ? (minOpen ? "must be positive" : "must be >= 0") : "must be at least " + number(min)) + ", got " + value;
        }
        return (maxOpen ? "must be below " : "must be at most ") + number(max) + (why.isEmpty() ? "" : " (" + why + ")")
                + ", got " + value;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
