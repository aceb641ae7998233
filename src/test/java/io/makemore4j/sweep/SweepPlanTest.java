package io.makemore4j.sweep;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.SweepFile;
import io.makemore4j.run.Outcome;
import io.makemore4j.run.TrainingRun;
import io.makemore4j.train.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's plan: new, stopped and finished points from their run directories, their train commands, edited sweeps refused. */
class SweepPlanTest {

    @TempDir
    Path dir;

    @Test
    void eachPointIsNewStoppedOrFinishedAndGetsItsCommand() throws IOException {
        Path corpus = corpus();
        SweepFile sweep = sweep(corpus, "[0.05, 0.1, 0.2]");
        Path root = dir.resolve("runs");
        train(sweep, 0, root, step -> false);          // finished
        train(sweep, 1, root, step -> step >= 20);     // stopped at step 20
        SweepPlan plan = SweepPlan.of(sweep, root);
        assertEquals(List.of(SweepPlan.State.FINISHED, SweepPlan.State.STOPPED, SweepPlan.State.NEW),
                plan.entries().stream().map(SweepPlan.Entry::state).toList());
        assertEquals(List.of(), plan.trainArguments(plan.entries().get(0)));
        assertEquals(List.of("train", "--resume", "--checkpoints", root.toString(), "--run", "s-lr0.1"),
                plan.trainArguments(plan.entries().get(1)));
        assertEquals(List.of("train", "--config", "config/tiny.yaml", "--set", "data.path=" + corpus, "--set", "train.steps=40",
                "--set", "train.lr=0.2", "--checkpoints", root.toString(), "--run", "s-lr0.2"), plan.trainArguments(plan.entries().get(2)));
    }

    @Test
    void aRunThatExistsWithAnotherConfigIsRefusedNamingTheKeys() throws IOException {
        Path corpus = corpus();
        Path root = dir.resolve("runs");
        train(sweep(corpus, "[0.05]"), 0, root, step -> step >= 10);
        Files.writeString(dir.resolve("s.yaml"), Files.readString(dir.resolve("s.yaml")).replace("train.steps: 40", "train.steps: 80"));
        SweepFile edited = SweepFile.read(dir.resolve("s.yaml"));
        BadInputException e = assertThrows(BadInputException.class, () -> SweepPlan.of(edited, root));
        assertTrue(e.getMessage().contains("point s-lr0.05: run " + root.resolve("s-lr0.05") + " exists with other values of train.steps"),
                e.getMessage());
    }

    private SweepFile sweep(Path corpus, String lrs) throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), String.join("\n", "base: config/tiny.yaml",
                "set: {data.path: " + corpus + ", train.steps: 40}", "grid:", "  train.lr: " + lrs, ""));
        return SweepFile.read(file);
    }

    private static void train(SweepFile sweep, int point, Path root, io.makemore4j.train.Trainer.StopCondition stop) {
        try (TrainingRun run = TrainingRun.start(RunDirectory.of(root, sweep.points().get(point).name()),
                sweep.config(sweep.points().get(point)))) {
            Outcome outcome = run.train(new TrainingRun.Controls(stop, () -> "stopped", null, Faults.NONE, new TrainingRun.Phases() {
                @Override
                public void training() {
                }

                @Override
                public void reporting(String what, String resume) {
                }
            }));
            assertEquals(stop.shouldStop(Integer.MAX_VALUE - 1), outcome instanceof Outcome.Stopped);
        }
    }

    /** A few hundred names: enough for a run of 40 steps. */
    private Path corpus() throws IOException {
        List<String> names = Files.readAllLines(Path.of("datasets/names.txt"), StandardCharsets.UTF_8);
        List<String> some = new ArrayList<>();
        for (int i = 0; i < names.size(); i += 64) {
            some.add(names.get(i));
        }
        return Files.write(dir.resolve("names.txt"), some, StandardCharsets.UTF_8);
    }
}
