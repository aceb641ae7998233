package io.makemore4j.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.config.InputFiles;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.SplitLosses;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's own files besides checkpoints and loss log: {@code config.yaml} (the resolved config),
 * {@code vocab.json}, {@code provenance.json}, {@code metrics.json} and {@code samples.txt}. With the
 * corpus, these are all {@code evaluate} and {@code sample} need.
 */
public final class RunFiles {

    /** The largest config.yaml and provenance.json read. */
    private static final long MAX_BYTES = 1 << 20;
    /** The largest vocab.json read: a few bytes for each of up to a million characters. */
    private static final long MAX_VOCABULARY_BYTES = 16 << 20;

    private final RunDirectory run;

    /** The files of {@code run}. */
    public RunFiles(RunDirectory run) {
        this.run = run;
    }

    /** Writes what a new run records before its first step. */
    public void writeStart(Config config, Vocabulary vocabulary, Provenance provenance) {
        AtomicFiles.writeString(run.config(), "# resolved configuration of run " + run.name() + "\n" + ConfigLoader.toYaml(config));
        AtomicFiles.write(run.vocabulary(), out -> CheckpointStore.JSON.writeValue(out, vocabulary.toList()));
        writeProvenance(provenance);
    }

    /** Rewrites {@code provenance.json}. */
    public void writeProvenance(Provenance provenance) {
        AtomicFiles.write(run.provenance(), out -> CheckpointStore.JSON.writeValue(out, provenance));
    }

    /**
     * The run's config, with {@code overrides} (such as a moved {@code data.path}) applied. The
     * overrides may not change a {@code model.*} key (the checkpoints fix the network) nor a
     * {@code data.*} key other than {@code data.path} (they fix the items and the splits).
     */
    public Config readConfig(List<String> overrides) {
        String text = read(run.config(), MAX_BYTES);
        Config config = ConfigLoader.parse(text, run.config().toString(), overrides);
        if (!overrides.isEmpty()) {
            List<String> fixed = ConfigLoader.changedKeys(ConfigLoader.parse(text, run.config().toString(), List.of()), config)
                    .stream().filter(key -> key.startsWith("model.") || (key.startsWith("data.") && !key.equals("data.path")))
                    .toList();
            if (!fixed.isEmpty()) {
                throw new BadInputException("--set " + String.join(", ", fixed) + ": run " + run.name() + " was trained with "
                        + "another value, and a trained run's model.* and data.* keys (except data.path) cannot change");
            }
        }
        return config;
    }

    /** The run's {@code vocab.json}, checked. */
    public Vocabulary readVocabulary() {
        try {
            List<String> entries = CheckpointStore.JSON.readValue(read(run.vocabulary(), MAX_VOCABULARY_BYTES),
                    new TypeReference<List<String>>() { });
            if (entries == null) {
                throw new BadInputException("must be a JSON list of the run's characters, the boundary \".\" first; it holds null");
            }
            return Vocabulary.fromList(entries);
        } catch (IOException e) {
            throw new BadInputException(run.vocabulary() + " is not a vocabulary list: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (BadInputException e) {
            throw new BadInputException(run.vocabulary() + ": " + e.getMessage());
        }
    }

    /** The run's {@code provenance.json}, checked: the fields a run needs are there and well-formed. */
    public Provenance readProvenance() {
        Provenance provenance;
        try {
            provenance = CheckpointStore.JSON.readValue(read(run.provenance(), MAX_BYTES), Provenance.class);
        } catch (IOException e) {
            throw new BadInputException(run.provenance() + " is not valid provenance: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String problem = provenance == null ? "holds null, not the provenance of a run"
                : provenance.datasetSha256() == null || !provenance.datasetSha256().matches("[0-9a-f]{64}")
                ? "field dataset_sha256 must be the corpus's SHA-256 (64 hex digits), got " + quoted(provenance.datasetSha256())
                : provenance.datasetPath() == null || provenance.datasetPath().isBlank()
                ? "field dataset_path must name the corpus, got " + quoted(provenance.datasetPath())
                : provenance.items() < 0 ? "field items must be >= 0, got " + provenance.items()
                : provenance.step() < 0 ? "field step must be >= 0, got " + provenance.step() : null;
        if (problem != null) {
            throw new BadInputException(run.provenance() + ": " + problem + " (the file was edited or damaged)");
        }
        return provenance;
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    /** Writes the final split losses at {@code step}. */
    public void writeMetrics(int step, SplitLosses losses) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("step", step);
        metrics.put("train_loss", losses.train());
        metrics.put("val_loss", losses.val());
        metrics.put("test_loss", losses.test());
        AtomicFiles.write(run.metrics(), out -> CheckpointStore.JSON.writeValue(out, metrics));
    }

    /** Rewrites {@code status.json}. */
    public void writeStatus(RunStatus status) {
        AtomicFiles.write(run.status(), out -> CheckpointStore.JSON.writeValue(out, status));
    }

    /**
     * The run's {@code status.json}, checked; empty for a run that has none (written before the file
     * existed, or killed before its first step).
     */
    public Optional<RunStatus> readStatus() {
        if (!Files.exists(run.status())) {
            return Optional.empty();
        }
        RunStatus status = readJson(run.status(), RunStatus.class, "a run status");
        String problem = status == null ? "holds null, not the status of a run" : status.problem();
        if (problem != null) {
            throw new BadInputException(run.status() + ": " + problem + " (the file was edited or damaged)");
        }
        return Optional.of(status);
    }

    /**
     * The final split losses of {@code metrics.json} with the step they were measured at, checked;
     * empty when the run has not finished.
     */
    public Optional<Metrics> readMetrics() {
        if (!Files.exists(run.metrics())) {
            return Optional.empty();
        }
        Metrics metrics = readJson(run.metrics(), Metrics.class, "a run's metrics");
        if (metrics == null || metrics.step() < 0 || !Double.isFinite(metrics.trainLoss()) || !Double.isFinite(metrics.valLoss())
                || !Double.isFinite(metrics.testLoss())) {
            throw new BadInputException(run.metrics() + ": step, train_loss, val_loss and test_loss must be numbers "
                    + "(the file was edited or damaged)");
        }
        return Optional.of(metrics);
    }

    /** A small JSON run file as {@code type} (null when it holds null), or bad input saying it is not {@code what}. */
    private <T> T readJson(Path file, Class<T> type, String what) {
        try {
            return CheckpointStore.JSON.readValue(read(file, MAX_BYTES), type);
        } catch (IOException e) {
            throw new BadInputException(file + " is not " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * What {@code metrics.json} holds.
     *
     * @param step      the step the losses were measured at
     * @param trainLoss the training split's loss
     * @param valLoss   the validation split's
     * @param testLoss  the test split's
     */
    public record Metrics(@JsonProperty("step") int step, @JsonProperty("train_loss") double trainLoss,
                          @JsonProperty("val_loss") double valLoss, @JsonProperty("test_loss") double testLoss) {
    }

    /**
     * The first {@code max} lines of {@code samples.txt} (items with their labels); none before the run
     * finished. Read as a stream: {@code train.samples} may be a million items.
     */
    public List<String> readSamples(int max) {
        if (!Files.exists(run.samples())) {
            return List.of();
        }
        InputFiles.regularFile(run.samples(), "run file", Long.MAX_VALUE);
        try (java.util.stream.Stream<String> lines = Files.lines(run.samples(), StandardCharsets.UTF_8)) {
            return lines.limit(max).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException("run file " + run.samples() + " cannot be read as UTF-8 text: " + e.getMessage());
        }
    }

    /** Writes sampled items, one line each with its label. */
    public void writeSamples(List<String> lines) {
        AtomicFiles.writeString(run.samples(), String.join("\n", lines) + "\n");
    }

    /** A run file read whole: a regular file of at most {@code maxBytes}, in UTF-8. */
    private String read(Path file, long maxBytes) {
        if (!Files.exists(file)) {
            throw new BadInputException("run file " + file + " is missing"
                    + (file.equals(run.config()) ? ": " + run.path() + " is not a makemore4j run directory, or not a complete one" : ""));
        }
        InputFiles.regularFile(file, "run file", maxBytes);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("run file " + file + " is missing");
        } catch (IOException e) {
            throw new BadInputException("run file " + file + " cannot be read: " + EnvironmentException.reason(file, e));
        }
    }
}
