package io.makemore4j.config;

import java.util.List;
import java.util.Locale;

/**
 * One key of the configuration: its dotted name, its type, its default and its constraint.
 * {@link #parse} turns a raw YAML value into the typed value or explains, naming the key, why not.
 */
record ConfigKey(String name, Type type, Object defaultValue, List<String> choices, Constraint constraint) {

    /** The value types a key can have. */
    enum Type { INT, LONG, DOUBLE, BOOLEAN, STRING, CHOICE, INT_LIST, DOUBLE_LIST }

    /** A check on a typed value; returns null when fine, or what is wrong. */
    @FunctionalInterface
    interface Constraint {
        String check(Object value);

        Constraint NONE = v -> null;

        /** A list of 1 to {@code maxSize} entries, each in {@code entries}. */
        static Constraint list(int maxSize, Range entries) {
            return v -> {
                List<?> list = (List<?>) v;
                if (list.isEmpty()) {
                    return "must not be empty";
                }
                if (list.size() > maxSize) {
                    return "must have at most " + maxSize + " entries, got " + list.size();
                }
                for (Object o : list) {
                    String problem = entries.check(o);
                    if (problem != null) {
                        return "entries " + problem.replaceFirst(", got .*$", "") + ", got " + v;
                    }
                }
                return null;
            };
        }
    }

    String section() {
        return name.substring(0, name.indexOf('.'));
    }

    /** Converts a raw value (from YAML) to this key's type, or throws naming the key and where it came from. */
    Object parse(Object raw, String where) {
        Object value = convert(raw, where);
        String problem = constraint.check(value);
        if (problem != null) {
            throw new BadInputException(prefix(where) + name + " " + problem);
        }
        return value;
    }

    private Object convert(Object raw, String where) {
        if (raw == null) {
            throw wrongType(raw, where);
        }
        switch (type) {
            case INT -> {
                return toInt(raw, where);
            }
            case LONG -> {
                return toLong(raw, where);
            }
            case DOUBLE -> {
                return toDouble(raw, where);
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    return b;
                }
                throw wrongType(raw, where);
            }
            case STRING -> {
                if (raw instanceof String || raw instanceof Number) {
                    return raw.toString();
                }
                throw wrongType(raw, where);
            }
            case CHOICE -> {
                if (raw instanceof String s && choices.contains(s.toLowerCase(Locale.ROOT))) {
                    return s.toLowerCase(Locale.ROOT);
                }
                throw new BadInputException(prefix(where) + name + " must be one of " + String.join(", ", choices)
                        + ", got " + describe(raw));
            }
            case INT_LIST, DOUBLE_LIST -> {
                if (!(raw instanceof List<?> list)) {
                    throw wrongType(raw, where);
                }
                return list.stream()
                        .map(o -> type == Type.INT_LIST ? (Object) toInt(o, where) : toDouble(o, where))
                        .toList();
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    private int toInt(Object raw, String where) {
        long v = toLong(raw, where);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadInputException(prefix(where) + name + " is out of range: " + raw);
        }
        return (int) v;
    }

    private long toLong(Object raw, String where) {
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof java.math.BigInteger) {
            throw new BadInputException(prefix(where) + name + " is out of range: " + raw);
        }
        throw wrongType(raw, where);
    }

    private double toDouble(Object raw, String where) {
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new BadInputException(prefix(where) + name + " must be a finite number, got " + raw);
            }
            return d;
        }
        throw wrongType(raw, where);
    }

    private BadInputException wrongType(Object raw, String where) {
        return new BadInputException(prefix(where) + name + " must be " + typeName() + ", got " + describe(raw));
    }

    String typeName() {
        return switch (type) {
            case INT, LONG -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case CHOICE -> "one of " + String.join(", ", choices);
            case INT_LIST -> "a list of integers, e.g. [2, 2, 2]";
            case DOUBLE_LIST -> "a list of numbers, e.g. [0.8, 0.1, 0.1]";
        };
    }

    private static String describe(Object raw) {
        if (raw == null) {
            return "nothing";
        }
        if (raw instanceof String s) {
            return "'" + s + "'";
        }
        if (raw instanceof java.util.Map) {
            return "a mapping";
        }
        return raw.toString();
    }

    private static String prefix(String where) {
        return where == null || where.isEmpty() ? "" : where + ": ";
    }
}
