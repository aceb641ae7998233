package io.makemore4j.config;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A sweep file ({@code sweep SWEEP.yaml}): a base config and the points to train, each a list of
 * {@code --set} overrides of it. Either a {@code grid} (every combination of each key's values, the
 * first key varying slowest) or a list of {@code points}:
 *
 * <pre>
 * base: config/tiny.yaml        # read as --config reads it (relative to the working directory)
 * name: lr-embd                 # optional: the runs' name prefix (default: the file's name)
 * set: {train.steps: 2000}      # optional: overrides applied to every point
 * grid:
 *   train.lr: [0.05, 0.2]
 *   model.n_embd: [4, 8]
 * </pre>
 *
 * Each point's run is named from the prefix and its values ({@code lr-embd-lr0.05-n_embd4}). Every
 * problem is one {@link BadInputException} naming the file, the line and the key; the points'
 * values themselves are checked when their configs are loaded ({@link #config}).
 *
 * @param file   the sweep file
 * @param name   the runs' name prefix
 * @param base   the base config
 * @param common overrides of every point ({@code key=value})
 * @param points the points, in order
 */
public record SweepFile(Path file, String name, Path base, List<String> common, List<Point> points) {

    /** The most points a sweep may have. */
    public static final int MAX_POINTS = 1000;
    private static final long MAX_BYTES = 1 << 20;
    private static final Set<String> TOP_KEYS = new LinkedHashSet<>(List.of("base", "name", "set", "grid", "points"));

    /**
     * One point of a sweep.
     *
     * @param name      the run's name
     * @param overrides its values, {@code key=value}, after the sweep's common ones
     * @param where     "sweep FILE line N" of its values, for messages
     */
    public record Point(String name, List<String> overrides, String where) {
    }

    /** A point's values before it is named, with where they are written. */
    private record Values(Map<String, String> values, String where) {
    }

    /** Reads and checks a sweep file. */
    public static SweepFile read(Path file) {
        String source = "sweep " + file;
        MappingNode top = parse(readText(file), source);
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : top.getValue()) {
            String key = scalar(tuple.getKeyNode(), source, "keys must be plain names");
            if (!TOP_KEYS.contains(key)) {
                throw new BadInputException(source + ConfigLoader.line(tuple.getKeyNode()) + ": unknown key '" + key + "'"
                        + ConfigLoader.didYouMean(key, TOP_KEYS) + " (keys: " + String.join(", ", TOP_KEYS) + ")");
            }
            if (keys.put(key, tuple) != null) {
                throw new BadInputException(source + ConfigLoader.line(tuple.getKeyNode()) + ": key '" + key + "' is set twice");
            }
        }
        if (!keys.containsKey("base")) {
            throw new BadInputException(source + ": key 'base' is missing: the config every point starts from, e.g. base: config/tiny.yaml");
        }
        if (keys.containsKey("grid") == keys.containsKey("points")) {
            throw new BadInputException(source + ": give either 'grid' (every combination of some keys' values) or 'points' "
                    + "(a list of overrides), " + (keys.containsKey("grid") ? "not both" : "none is given"));
        }
        Path base = Path.of(scalar(keys.get("base").getValueNode(), source + " key 'base'", "must be a config file's path"));
        String name = keys.containsKey("name")
                ? scalar(keys.get("name").getValueNode(), source + " key 'name'", "must be a run name prefix")
                : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Map<String, String> common = keys.containsKey("set") ? values(keys.get("set"), source, "set") : Map.of();
        List<Values> points = keys.containsKey("grid") ? grid(keys.get("grid"), source) : points(keys.get("points"), source);
        for (Values point : points) {
            for (String key : point.values().keySet()) {
                if (common.containsKey(key)) {
                    throw new BadInputException(point.where() + ": key '" + key + "' is both in 'set' and in the points; keep one");
                }
            }
        }
        return new SweepFile(file, name, base, overrides(common), named(points, name));
    }

    /** The config of a point: the base with the common overrides, then the point's; errors name the point. */
    public Config config(Point point) {
        List<String> all = new ArrayList<>(common);
        all.addAll(point.overrides());
        try {
            return ConfigLoader.load(base, all);
        } catch (BadInputException e) {
            throw new BadInputException(point.where() + ", point " + point.name() + ": " + e.getMessage(), e);
        }
    }

    private static String readText(Path file) {
        InputFiles.regularFile(file, "sweep", MAX_BYTES);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException("sweep " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException("sweep " + file + " cannot be read: " + EnvironmentException.reason(file, e));
        }
    }

    private static MappingNode parse(String text, String source) {
        Node root;
        try {
            root = new Yaml(ConfigLoader.loaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new BadInputException(source + " line " + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
                    + (e.getProblem() == null ? "invalid YAML" : e.getProblem()));
        } catch (YAMLException e) {
            throw new BadInputException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new BadInputException(source + ": must be a mapping with base and grid (or points), not "
                    + (root == null ? "an empty file" : "a " + (root instanceof SequenceNode ? "list" : "single value")));
        }
        return mapping;
    }

    /** {@code grid}: each key's list of values, expanded into every combination. */
    private static List<Values> grid(NodeTuple grid, String source) {
        if (!(grid.getValueNode() instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            throw new BadInputException(source + ConfigLoader.line(grid.getKeyNode())
                    + ": 'grid' must map config keys to lists of values, e.g. grid: {train.lr: [0.05, 0.1]}");
        }
        List<Map<String, String>> points = List.of(new LinkedHashMap<>());
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple, source, "grid");
            String where = source + ConfigLoader.line(tuple.getKeyNode()) + ": grid key '" + key + "'";
            if (!(tuple.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
                throw new BadInputException(where + " must have a list of values, e.g. " + key + ": [a, b]");
            }
            List<String> values = list.getValue().stream().map(node -> ValueText.of(node, source)).toList();
            if (new LinkedHashSet<>(values).size() < values.size()) {
                throw new BadInputException(where + " has a value twice: " + values);
            }
            if ((long) points.size() * values.size() > MAX_POINTS) {
                throw new BadInputException(where + ": the grid has more than " + MAX_POINTS + " points");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : values) {
                    Map<String, String> p = new LinkedHashMap<>(point);
                    if (p.put(key, value) != null) {
                        throw new BadInputException(where + " is given twice");
                    }
                    next.add(p);
                }
            }
            points = next;
        }
        String where = source + ConfigLoader.line(grid.getKeyNode());
        return points.stream().map(p -> new Values(p, where)).toList();
    }

    /** {@code points}: a list of mappings of keys to single values. */
    private static List<Values> points(NodeTuple points, String source) {
        if (!(points.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
            throw new BadInputException(source + ConfigLoader.line(points.getKeyNode())
                    + ": 'points' must be a list of overrides, e.g. points: [{train.lr: 0.1}, {train.lr: 0.2, model.n_embd: 8}]");
        }
        if (list.getValue().size() > MAX_POINTS) {
            throw new BadInputException(source + ConfigLoader.line(points.getKeyNode()) + ": more than " + MAX_POINTS + " points");
        }
        List<Values> all = new ArrayList<>();
        for (Node node : list.getValue()) {
            if (!(node instanceof MappingNode)) {
                throw new BadInputException(source + ConfigLoader.line(node) + ": each point must be a mapping of config keys "
                        + "to values, e.g. {train.lr: 0.1}");
            }
            all.add(new Values(values(new NodeTuple(node, node), source, "points"), source + ConfigLoader.line(node)));
        }
        return all;
    }

    /** A mapping of config keys to single values ({@code set}, a point). */
    private static Map<String, String> values(NodeTuple tuple, String source, String what) {
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            throw new BadInputException(source + ConfigLoader.line(tuple.getKeyNode()) + ": '" + what
                    + "' must map config keys to values, e.g. {train.steps: 1000}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            String key = key(entry, source, what);
            if (values.put(key, ValueText.of(entry.getValueNode(), source)) != null) {
                throw new BadInputException(source + ConfigLoader.line(entry.getKeyNode()) + ": key '" + key + "' is set twice");
            }
        }
        return values;
    }

    /** A config key of a grid, a point or {@code set}, which must be one of the schema's dotted names. */
    private static String key(NodeTuple tuple, String source, String what) {
        String key = scalar(tuple.getKeyNode(), source, "keys must be plain names");
        if (!ConfigSchema.KEYS.containsKey(key)) {
            throw new BadInputException(source + ConfigLoader.line(tuple.getKeyNode()) + ": " + what + ": unknown key '" + key + "'"
                    + ConfigLoader.didYouMean(key, ConfigSchema.KEYS.keySet()) + " (config keys are dotted, e.g. train.lr)");
        }
        return key;
    }

    private static String scalar(Node node, String where, String problem) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue();
        }
        throw new BadInputException(where + ConfigLoader.line(node) + ": " + problem);
    }

    private static List<String> overrides(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The points with their run names, which must differ: a key's name after its section, or whole where two share it. */
    private static List<Point> named(List<Values> points, String prefix) {
        Map<String, Long> keysPerShortName = points.stream().flatMap(p -> p.values().keySet().stream()).distinct()
                .collect(Collectors.groupingBy(SweepFile::shortName, Collectors.counting()));
        List<Point> named = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Values point : points) {
            String suffix = point.values().entrySet().stream()
                    .map(e -> (keysPerShortName.get(shortName(e.getKey())) > 1 ? e.getKey().replace('.', '_') : shortName(e.getKey()))
                            + ValueText.forName(e.getValue()))
                    .collect(Collectors.joining("-"));
            String name = prefix + "-" + (suffix.isEmpty() ? "base" : suffix);
            if (!names.add(name)) {
                throw new BadInputException(point.where() + ": two points would both be run " + name + " (" + point.values()
                        + "); make their values differ");
            }
            named.add(new Point(name, overrides(point.values()), point.where()));
        }
        return named;
    }

    private static String shortName(String key) {
        return key.substring(key.indexOf('.') + 1);
    }

    /** A value as {@code --set} takes it: a scalar's text as written, a list in flow style. */
    private static final class ValueText {

        private ValueText() {
        }

        static String of(Node node, String source) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            if (node instanceof SequenceNode list) {
                return list.getValue().stream().map(n -> of(n, source)).collect(Collectors.joining(", ", "[", "]"));
            }
            throw new BadInputException(source + ConfigLoader.line(node) + ": a value must be a single value or a list, not a mapping");
        }

        /** The value in a run name: {@code [2, 2]} as {@code 2x2}, other characters than letters, digits, '.', '-' as '_'. */
        static String forName(String value) {
            String v = value.startsWith("[") ? value.substring(1, value.length() - 1).replace(", ", "x") : value;
            return v.replaceAll("[^A-Za-z0-9.-]", "_");
        }
    }
}
