package io.makemore4j.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.SplitLosses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's own files besides checkpoints and loss log: {@code config.yaml} (the resolved config),
 * {@code vocab.json}, {@code provenance.json}, {@code metrics.json} and {@code samples.txt}. With the
 * corpus, these are all {@code evaluate} and {@code sample} need.
 */
public final class RunFiles {

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
        String text = read(run.config());
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
            return Vocabulary.fromList(CheckpointStore.JSON.readValue(read(run.vocabulary()), new TypeReference<List<String>>() { }));
        } catch (IOException e) {
            throw new BadInputException(run.vocabulary() + " is not a vocabulary list: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (BadInputException e) {
            throw new BadInputException(run.vocabulary() + ": " + e.getMessage());
        }
    }

    /** The run's {@code provenance.json}. */
    public Provenance readProvenance() {
        try {
            return CheckpointStore.JSON.readValue(read(run.provenance()), Provenance.class);
        } catch (IOException e) {
            throw new BadInputException(run.provenance() + " is not valid provenance: " + e.getMessage().lines().findFirst().orElse(""));
        }
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

    /** Writes sampled items, one line each with its label. */
    public void writeSamples(List<String> lines) {
        AtomicFiles.writeString(run.samples(), String.join("\n", lines) + "\n");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("run file " + file + " is missing");
        } catch (IOException e) {
            throw new BadInputException("run file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
