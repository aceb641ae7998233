package io.makemore4j.cli;

import io.makemore4j.config.ConfigSchema;
import io.makemore4j.config.Range;
import io.makemore4j.run.MemoryThresholds;
import org.junit.jupiter.params.provider.Arguments;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Bad inputs generated from the config schema ({@link ConfigSchema#numericKeys()}): for every
 * numeric key, each of zero, -1, the type's least and greatest values, just past them, and just
 * past the key's own bounds that its range refuses; and for the size keys, the smallest value that
 * memory refuses ({@link MemoryThresholds}). Each is a case as in {@code cases.txt}: the name, the
 * text the one error line must hold, the command line.
 */
final class BoundaryCases {

    private BoundaryCases() {
    }

    static List<Arguments> all() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, Map.Entry<String, Range>> key : ConfigSchema.numericKeys().entrySet()) {
            String type = key.getValue().getKey();
            Range range = key.getValue().getValue();
            for (String value : candidates(type, range)) {
                if (!accepted(type, range, value)) {
                    String set = key.getKey() + "=" + (type.endsWith("list") ? "[" + value + "]" : value);
                    cases.add(Arguments.of("bound: " + set, "--set " + set + ": " + key.getKey() + " ", train(set)));
                }
            }
        }
        for (String key : List.of("model.n_embd", "model.n_hidden", "model.block_size", "train.batch_size")) {
            long max = key.equals("train.batch_size") ? ConfigSchema.MAX_BATCH : ConfigSchema.MAX_WIDTH;
            OptionalLong refused = MemoryThresholds.smallestRefused(key, max, 27);   // the small corpus's vocabulary
            if (refused.isPresent()) {
                String set = key + "=" + refused.getAsLong() + (key.equals("model.block_size") ? " --set model.flatten=["
                        + refused.getAsLong() + "]" : "");
                cases.add(Arguments.of("memory: " + key + " just above what memory allows (" + refused.getAsLong() + ")",
                        key + " " + refused.getAsLong() + ": training needs about", train(set)));
            }
        }
        return cases;
    }

    private static String train(String set) {
        return "${TRAIN_NEW} -c config/tiny.yaml --set data.path=${CORPUS} --set " + set;
    }

    /** Zero, -1, the type's bounds and just past them, and the range's own bounds and just past them. */
    private static Set<String> candidates(String type, Range range) {
        Set<String> values = new LinkedHashSet<>();
        if (type.equals("double")) {
            for (double v : new double[] {0, -1, -Double.MAX_VALUE, Double.MAX_VALUE, range.min(), Math.nextDown(range.min()),
                    range.max(), Math.nextUp(range.max())}) {
                if (Double.isFinite(v)) {
                    values.add(String.format(Locale.ROOT, "%.17e", v));   // with the exponent's sign, as YAML reads a float
                }
            }
            values.add("1e+400");   // beyond a double: infinity
            return values;
        }
        BigInteger least = BigInteger.valueOf(type.equals("long") ? Long.MIN_VALUE : Integer.MIN_VALUE);
        BigInteger greatest = BigInteger.valueOf(type.equals("long") ? Long.MAX_VALUE : Integer.MAX_VALUE);
        for (BigInteger v : List.of(BigInteger.ZERO, BigInteger.ONE.negate(), least, least.subtract(BigInteger.ONE), greatest,
                greatest.add(BigInteger.ONE), whole(range.min()), whole(range.min()).subtract(BigInteger.ONE), whole(range.max()),
                whole(range.max()).add(BigInteger.ONE))) {
            values.add(v.max(least.subtract(BigInteger.ONE)).min(greatest.add(BigInteger.ONE)).toString());
        }
        return values;
    }

    private static BigInteger whole(double bound) {
        return new java.math.BigDecimal(Math.max(-9.3e18, Math.min(9.3e18, bound))).toBigInteger();
    }

    /** Whether the schema accepts {@code value}: of the type, and in the range. */
    private static boolean accepted(String type, Range range, String value) {
        double v = Double.parseDouble(value);
        if (!type.equals("double")) {
            BigInteger big = new BigInteger(value);
            boolean fits = type.equals("long") ? big.bitLength() < 64 : big.bitLength() < 32;
            if (!fits) {
                return false;
            }
        }
        return Double.isFinite(v) && range.contains(v);
    }
}
