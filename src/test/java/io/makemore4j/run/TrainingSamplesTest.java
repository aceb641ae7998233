package io.makemore4j.run;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.SampleLog;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.train.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Samples during training ({@code train.sample_every}): written at the right steps, and the training
 * of a model type with BatchNorm, of a recurrent one and of a transformer is bit-identical with and
 * without them (losses, validation losses, final metrics and samples).
 */
class TrainingSamplesTest {

    private static final TrainingRun.Phases NO_PHASES = new TrainingRun.Phases() {
        @Override
        public void training() {
        }

        @Override
        public void reporting(String what, String resume) {
        }
    };

    @Test
    void samplingDoesNotChangeTraining(@TempDir Path root) throws IOException {
        Map<String, List<String>> models = Map.of(
                "flatten", List.of("model.block_size=4"),
                "dilated", List.of("model.block_size=4", "model.dropout=0.1"),
                "lstm", List.of("model.block_size=16", "model.n_embd2=8"),
                "transformer", List.of("model.block_size=16", "model.dropout=0.1", "model.n_head=2", "model.n_layer=1"));
        for (var model : models.entrySet()) {
            String type = model.getKey();
            List<String> common = new ArrayList<>(List.of("model.type=" + type, "model.n_embd=6", "train.steps=60",
                    "train.eval_every=20", "train.checkpoint_every=30", "train.samples=4"));
            common.addAll(model.getValue());
            train(root, type + "-plain", common, "train.sample_every=0");
            train(root, type + "-sampled", common, "train.sample_every=15");
            for (String file : List.of("metrics.json", "samples.txt")) {
                assertEquals(Files.readString(root.resolve(type + "-plain/" + file)),
                        Files.readString(root.resolve(type + "-sampled/" + file)), type + " " + file);
            }
            assertEquals(losses(root.resolve(type + "-plain")), losses(root.resolve(type + "-sampled")), type + " loss.csv");

            assertFalse(Files.exists(root.resolve(type + "-plain").resolve(SampleLog.FILE)), "nothing sampled, no file");
            List<SampleLog.Entry> entries = SampleLog.read(root.resolve(type + "-sampled").resolve(SampleLog.FILE));
            assertEquals(List.of(15, 30, 45, 60), entries.stream().map(SampleLog.Entry::step).toList(), type);
            entries.forEach(e -> assertEquals(TrainingSamples.ITEMS, e.items().size(), type));
            String log = Files.readString(root.resolve(type + "-sampled/train.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("step 45: samples: " + String.join(", ", entries.get(2).items())), log);
        }
    }

    @Test
    void aResumedRunDropsTheSamplesPastItsCheckpointAndDrawsThemAgain(@TempDir Path root) throws IOException {
        List<String> common = List.of("train.steps=80", "train.eval_every=20", "train.checkpoint_every=40", "train.samples=2",
                "train.sample_every=10");
        train(root, "whole", common);
        Config config = ConfigLoader.load(Path.of("config/tiny.yaml"), overrides(common, List.of()));
        RunDirectory split = RunDirectory.of(root, "split");
        try (TrainingRun run = TrainingRun.start(split, config)) {
            assertInstanceOf(Outcome.Stopped.class, run.train(controls(step -> step >= 50)));   // checkpoint at 50
        }
        Path log = split.samplesDuringTraining();
        Files.writeString(log, "{\"step\":60,\"items\":[\"after the checkpoint\"]}\n{\"step\":70,\"ite",
                java.nio.file.StandardOpenOption.APPEND);   // as a kill after step 70 would leave it
        try (TrainingRun run = TrainingRun.resume(split, List.of())) {
            assertInstanceOf(Outcome.Finished.class, run.train(controls(step -> false)));
        }
        assertEquals(SampleLog.read(root.resolve("whole").resolve(SampleLog.FILE)), SampleLog.read(log));
        assertEquals(8, SampleLog.read(log).size());
    }

    private static void train(Path root, String name, List<String> common, String... more) {
        Config config = ConfigLoader.load(Path.of("config/tiny.yaml"), overrides(common, List.of(more)));
        try (TrainingRun run = TrainingRun.start(RunDirectory.of(root, name), config)) {
            assertInstanceOf(Outcome.Finished.class, run.train(controls(step -> false)));
        }
    }

    private static List<String> overrides(List<String> common, List<String> more) {
        List<String> all = new ArrayList<>(List.of("data.path=" + smallCorpus()));
        all.addAll(common);
        all.addAll(more);
        return all;
    }

    private static TrainingRun.Controls controls(io.makemore4j.train.Trainer.StopCondition stop) {
        return new TrainingRun.Controls(stop, () -> "stopped as asked", null, Faults.NONE, NO_PHASES);
    }

    /** loss.csv without its time columns. */
    private static List<String> losses(Path run) throws IOException {
        return Files.readAllLines(run.resolve("loss.csv")).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))).toList();
    }

    /** Every 16th name of the corpus: about 2,000 items, enough to train on for a few dozen steps. */
    private static Path smallCorpus() {
        try {
            Path file = Files.createTempFile("names-small", ".txt");
            file.toFile().deleteOnExit();
            List<String> names = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
            List<String> every16th = new ArrayList<>();
            for (int i = 0; i < names.size(); i += 16) {
                every16th.add(names.get(i));
            }
            return Files.write(file, every16th, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
