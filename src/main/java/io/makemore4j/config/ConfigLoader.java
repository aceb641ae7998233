package io.makemore4j.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a YAML config, applies {@code --set key=value} overrides (dotted paths) and validates the
 * result into a {@link Config}. Every problem is a {@link BadInputException} whose one-line message
 * names the key, where the value came from (file and line, or the override) and what is wrong; an
 * unknown key gets a "did you mean" for near misses.
 */
public final class ConfigLoader {

    /** The largest config file read, in bytes. */
    static final long MAX_BYTES = 1 << 20;
    /** Aliases (of collections) in a config. */
    static final int MAX_ALIASES = 20;
    /** Nesting depth of a config. */
    static final int MAX_DEPTH = 20;
    /** Values in one key's value, aliases expanded. */
    static final int MAX_VALUES = 10_000;

    private ConfigLoader() {
    }

    /** The built-in defaults: the reference recipe. */
    public static Config defaults() {
        return resolve(new LinkedHashMap<>());
    }

    /** Reads {@code file} (null: the built-in defaults), then applies {@code overrides} in order. */
    public static Config load(Path file, List<String> overrides) {
        Map<String, Sourced> values = new LinkedHashMap<>();
        if (file != null) {
            values.putAll(readYaml(readText(file), file.toString()));
        }
        for (String override : overrides) {
            Map.Entry<String, Sourced> entry = parseOverride(override);
            values.put(entry.getKey(), entry.getValue());
        }
        return resolve(values);
    }

    /** Reads config text (for tests and for configs saved in a run directory). */
    public static Config parse(String yaml, String sourceName, List<String> overrides) {
        Map<String, Sourced> values = new LinkedHashMap<>(readYaml(yaml, sourceName));
        for (String override : overrides) {
            Map.Entry<String, Sourced> entry = parseOverride(override);
            values.put(entry.getKey(), entry.getValue());
        }
        return resolve(values);
    }

    /** Writes every key of {@code config} as YAML, in the documented order; {@link #parse} reads it back. */
    public static String toYaml(Config config) {
        Map<String, Object> flat = ConfigValues.flatten(config);
        Map<String, Map<String, Object>> nested = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            int dot = key.indexOf('.');
            nested.computeIfAbsent(key.substring(0, dot), s -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options).dump(nested);
    }

    /** The keys of one section ({@code "model"}) with their values, as YAML and JSON write them, in the documented order. */
    public static Map<String, Object> section(Config config, String section) {
        Map<String, Object> keys = new LinkedHashMap<>();
        ConfigValues.flatten(config).forEach((key, value) -> {
            if (key.startsWith(section + ".")) {
                keys.put(key, value);
            }
        });
        return keys;
    }

    /** The keys whose values differ between two configs, in the documented order. */
    public static List<String> changedKeys(Config a, Config b) {
        Map<String, Object> x = ConfigValues.flatten(a);
        Map<String, Object> y = ConfigValues.flatten(b);
        return x.keySet().stream().filter(key -> !x.get(key).equals(y.get(key))).toList();
    }

    /** A raw value with a description of where it came from, for error messages. */
    private record Sourced(Object raw, String where) {
    }

    private static String readText(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new BadInputException("config " + file + " is a directory, not a YAML file");
            }
            InputFiles.regularFile(file, "config", MAX_BYTES);   // before opening it: a FIFO or /dev/zero is refused unread
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new BadInputException("config " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new BadInputException("config " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException("config " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static Map<String, Sourced> readYaml(String text, String source) {
        Node root;
        try {
            root = new Yaml(loaderOptions()).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            String problem = Optional.ofNullable(e.getProblem()).orElse("invalid YAML");
            throw new BadInputException("config " + source + " line " + (e.getProblemMark().getLine() + 1)
                    + ": not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new BadInputException("config " + source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Sourced> values = new LinkedHashMap<>();
        if (root == null) {
            return values; // an empty file: all defaults
        }
        if (!(root instanceof MappingNode top)) {
            throw new BadInputException("config " + source + line(root)
                    + ": must be a mapping of sections (data, model, train, checkpoint), not " + kind(root));
        }
        Set<String> seenSections = new HashSet<>();
        for (NodeTuple sectionTuple : top.getValue()) {
            String section = scalarKey(sectionTuple.getKeyNode(), source);
            if (!seenSections.add(section)) {
                throw new BadInputException("config " + source + line(sectionTuple.getKeyNode()) + ": section '" + section
                        + "' appears twice; merge the two");
            }
            if (!sections().contains(section)) {
                throw new BadInputException("config " + source + line(sectionTuple.getKeyNode()) + ": unknown section '"
                        + section + "'" + didYouMean(section, sections()) + " (sections: " + String.join(", ", sections()) + ")");
            }
            Node body = sectionTuple.getValueNode();
            if (!(body instanceof MappingNode mapping)) {
                throw new BadInputException("config " + source + line(body) + ": section '" + section
                        + "' must be a mapping of keys, not " + kind(body));
            }
            for (NodeTuple tuple : mapping.getValue()) {
                String key = section + "." + scalarKey(tuple.getKeyNode(), source);
                String where = "config " + source + line(tuple.getKeyNode());
                checkKnown(key, where);
                if (values.containsKey(key)) {
                    throw new BadInputException(where + ": key '" + key + "' is set twice (first at "
                            + values.get(key).where().replace("config " + source + " ", "") + ")");
                }
                values.put(key, new Sourced(toJava(tuple.getValueNode(), where), where));
            }
        }
        return values;
    }

    private static Map.Entry<String, Sourced> parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new BadInputException("--set expects key=value (e.g. --set train.steps=1000), got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String where = "--set " + override;
        checkKnown(key, where);
        String text = override.substring(eq + 1);
        Object raw;
        try {
            Node node = new Yaml(loaderOptions()).compose(new java.io.StringReader(text));
            raw = node == null ? null : toJava(node, where);
        } catch (YAMLException e) {
            throw new BadInputException(where + ": value is not valid YAML");
        }
        if (ConfigSchema.KEYS.get(key).type() == ConfigKey.Type.STRING && raw != null && !(raw instanceof List)) {
            raw = text; // strings are taken literally, e.g. paths with ':' or '#'
        }
        return Map.entry(key, new Sourced(raw, where));
    }

    private static void checkKnown(String key, String where) {
        if (!ConfigSchema.KEYS.containsKey(key)) {
            throw new BadInputException(where + ": unknown key '" + key + "'" + didYouMean(key, ConfigSchema.KEYS.keySet()));
        }
    }

    private static Config resolve(Map<String, Sourced> given) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ConfigKey key : ConfigSchema.KEYS.values()) {
            Sourced value = given.get(key.name());
            typed.put(key.name(), value == null ? key.defaultValue() : key.parse(value.raw(), value.where()));
        }
        Config config = ConfigValues.build(typed);
        ConfigValidator.validate(config, name -> given.containsKey(name) ? given.get(name).where() + ": " : "");
        return config;
    }

    private static List<String> sections() {
        return ConfigSchema.KEYS.values().stream().map(ConfigKey::section).distinct().toList();
    }

    static String didYouMean(String given, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = Math.min(levenshtein(given, candidate),
                    levenshtein(lastPart(given), lastPart(candidate)) + (section(given).equals(section(candidate)) ? 0 : 2));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = Math.max(2, lastPart(given).length() / 3);
        return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    private static String lastPart(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String section(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String scalarKey(Node node, String source) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new BadInputException("config " + source + line(node) + ": keys must be plain names");
    }

    /**
     * SnakeYAML's limits for configs: a config needs no more than a few aliases, little nesting and
     * little text, so that anchors nested under the alias limit, or a huge document, are refused
     * before they take the memory.
     */
    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_BYTES);
        return options;
    }

    /** Converts a YAML node to String / Long / BigInteger / Double / Boolean / null / List / Map, aliases expanded up to a limit. */
    private static Object toJava(Node node, String where) {
        return toJava(node, new int[] {MAX_VALUES}, where);
    }

    private static Object toJava(Node node, int[] budget, String where) {
        if (--budget[0] < 0) {
            throw new BadInputException(where + ": the value has more than " + MAX_VALUES + " entries once its YAML aliases are expanded");
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            for (Node item : seq.getValue()) {
                list.add(toJava(item, budget, where));
            }
            return list;
        }
        if (node instanceof MappingNode) {
            return Map.of();
        }
        ScalarNode scalar = (ScalarNode) node;
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if (Tag.INT.equals(tag)) {
            String digits = v.replace("_", "");
            try {
                BigInteger big = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            String digits = v.replace("_", "").toLowerCase(Locale.ROOT);
            try {
                return switch (digits) {
                    case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
                    case "-.inf" -> Double.NEGATIVE_INFINITY;
                    case ".nan" -> Double.NaN;
                    default -> Double.parseDouble(digits);
                };
            } catch (NumberFormatException e) {
                return v;   // YAML 1.1 forms Java does not read (e.g. 1:30.5): reported as not a number
            }
        }
        return v;
    }

    static String line(Node node) {
        return node == null || node.getStartMark() == null ? "" : " line " + (node.getStartMark().getLine() + 1);
    }

    private static String kind(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            return Tag.NULL.equals(s.getTag()) ? "an empty value" : "a single value";
        }
        return "a mapping";
    }

}
