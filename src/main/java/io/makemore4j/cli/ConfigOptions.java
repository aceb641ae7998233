package io.makemore4j.cli;

import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --config FILE} and {@code --set key=value}: where a command's configuration comes from. */
public final class ConfigOptions {

    /** The default preset. */
    public static final Path DEFAULT_CONFIG = Path.of("config/wavenet.yaml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML config (default: ${DEFAULT-VALUE}).", defaultValue = "config/wavenet.yaml")
    Path config = DEFAULT_CONFIG;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one config key by its dotted path, e.g. --set train.steps=5000 (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The config file with the overrides applied. */
    public Config load() {
        return ConfigLoader.load(config, overrides);
    }

    public Path file() {
        return config;
    }

    public List<String> overrides() {
        return List.copyOf(overrides);
    }
}
