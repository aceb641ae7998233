package io.makemore4j.family;

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.model.ModelSummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every preset in {@code config/} loads, validates and builds through the registry, and the README's leaderboard
 * states its trainable parameter count: editing a preset without measuring it again fails here.
 */
class PresetsTest {

    /** A leaderboard row: {@code | `config/NAME.yaml` | type | 1,234 | ...}. */
    private static final Pattern ROW = Pattern.compile("^\\| `config/([\\w-]+)\\.yaml` \\| (\\w+) \\| ([\\d,]+) \\|", Pattern.MULTILINE);

    private static Map<String, Path> presets() throws IOException {
        Map<String, Path> presets = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                // sweep files name a base preset and a grid; they are not presets themselves
                if (name.endsWith(".yaml") && !Files.readString(f).lines().anyMatch(l -> l.startsWith("base:"))) {
                    presets.put(name.substring(0, name.length() - ".yaml".length()), f);
                }
            }
        }
        return presets;
    }

    @Test
    void everyPresetIsOnTheLeaderboardWithItsTrainableParameterCountAndType() throws IOException {
        Map<String, String[]> rows = new TreeMap<>();
        Matcher m = ROW.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            rows.put(m.group(1), new String[] {m.group(2), m.group(3).replace(",", "")});
        }
        Map<String, Path> presets = presets();
        assertTrue(presets.size() >= 10, presets.toString());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Path> p : presets.entrySet()) {
            Config c = ConfigLoader.load(p.getValue(), List.of());
            String[] row = rows.get(p.getKey());
            if (row == null) {
                wrong.add(p.getKey() + ": no leaderboard row");
                continue;
            }
            long trainable = ModelSummary.of(ModelFamily.configuration(c, 27)).trainableParams();
            if (trainable != Long.parseLong(row[1]) || !c.model().type().yamlName().equals(row[0])) {
                wrong.add(p.getKey() + ": built " + c.model().type().yamlName() + " with " + trainable
                        + " trainable parameters, the leaderboard says " + row[0] + " with " + row[1]);
            }
        }
        assertEquals(List.of(), wrong);
    }
}
