package io.makemore4j.cli;

import io.makemore4j.train.Faults;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run stopped half-way and resumed ends with exactly the losses of the same run done in one go. */
class ResumeTest {

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path root) throws Exception {
        String[] common = {"--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--set", "train.steps=300",
                "--set", "train.checkpoint_every=100", "--set", "train.eval_every=100", "--set", "train.samples=3"};
        assertResumesExactly(root, "whole", "split", "150", common);
    }

    /**
     * A run that averages its weights ({@code train.ema}) resumes exactly too (the average is saved
     * in its checkpoints); its training losses are those of the same run without an average, its
     * validation losses are the average's own; and an edited {@code train.ema} is refused on resume.
     */
    @Test
    void aRunWithAnAverageOfItsWeightsResumesExactly(@TempDir Path root) throws Exception {
        String[] plain = {"--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--set", "train.steps=300",
                "--set", "train.optimizer=adam", "--set", "train.lr=0.01", "--set", "train.checkpoint_every=100",
                "--set", "train.eval_every=50", "--set", "train.samples=3"};
        String[] common = concat(plain, new String[]{"--set", "train.ema=0.95"});
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--run", "plain"}, plain)).exitCode());
        assertResumesExactly(root, "whole", "split", "150", common);

        List<String[]> averaged = csv(root.resolve("whole/loss.csv"));
        List<String[]> trained = csv(root.resolve("plain/loss.csv"));
        for (int i = 0; i < averaged.size(); i++) {
            assertEquals(trained.get(i)[1], averaged.get(i)[1], "the training loss of step " + averaged.get(i)[0]);
            if (!averaged.get(i)[3].isEmpty()) {
                assertNotEquals(trained.get(i)[3], averaged.get(i)[3], "the validation loss of step " + averaged.get(i)[0]);
            }
        }

        Path config = root.resolve("split/config.yaml");
        Files.writeString(config, Files.readString(config).replace("ema: 0.95", "ema: 0.0"));
        CliRunner edited = CliRunner.run("train", "--run", "split", "--resume", "--checkpoints", root.toString(),
                "--set", "train.steps=400");
        assertEquals(ExitCodes.BAD_INPUT, edited.exitCode(), edited.err());
        assertTrue(edited.err().contains("holds averaged weights (train.ema)"), edited.err());
    }

    /**
     * Trains run {@code whole} in one go and run {@code split} stopped at {@code stopAt} and resumed,
     * both with {@code common}, and asserts that they end with the same metrics, losses and samples.
     */
    private static void assertResumesExactly(Path root, String whole, String split, String stopAt, String[] common)
            throws Exception {
        CliRunner one = CliRunner.run(concat(new String[]{"train", "--run", whole}, common));
        assertEquals(0, one.exitCode(), one.err());
        CliRunner half = CliRunner.run(concat(new String[]{"train", "--run", split, "--until-step", stopAt}, common));
        assertEquals(0, half.exitCode(), half.err());
        CliRunner rest = CliRunner.run("train", "--run", split, "--resume", "--checkpoints", root.toString());
        assertEquals(0, rest.exitCode(), rest.err());
        assertEquals(Files.readString(root.resolve(whole + "/metrics.json")), Files.readString(root.resolve(split + "/metrics.json")), split);
        assertEquals(TestRuns.runFile(root.resolve(whole), "loss.csv"), TestRuns.runFile(root.resolve(split), "loss.csv"), split);
        assertEquals(Files.readString(root.resolve(whole + "/samples.txt")), Files.readString(root.resolve(split + "/samples.txt")), split);
    }

    /** The rows of a run's loss.csv after its header, split at the commas (step, loss, lr, val_loss, ...). */
    private static List<String[]> csv(Path file) throws Exception {
        return Files.readAllLines(file).stream().skip(1).map(line -> line.split(",", -1)).toList();
    }

    /** The sequence models too: whole-item batches are a function of the step, and their layers keep no other state. */
    @Test
    void sequenceModelsResumeExactly(@TempDir Path root) throws Exception {
        for (String type : List.of("gru", "rnn", "lstm", "bow", "bigram")) {
            String[] common = {"--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--set", "model.type=" + type,
                "--set", "model.block_size=16", "--set", "model.n_embd=6", "--set", "model.n_embd2=8", "--set", "train.steps=60",
                "--set", "train.optimizer=adamw", "--set", "train.lr=0.01", "--set", "train.weight_decay=0.01",
                "--set", "train.checkpoint_every=20", "--set", "train.eval_every=20", "--set", "train.samples=3"};
            assertResumesExactly(root, type + "-whole", type + "-split", "30", common);
        }
    }

    /**
     * An adamw run with weight decay that dies before its first checkpoint restarts on --resume with
     * the graph a new run builds, weight decay included (it was once rebuilt without it).
     */
    @Test
    void anAdamwRunKilledBeforeItsFirstCheckpointResumesWithItsWeightDecay(@TempDir Path root) throws Exception {
        String[] common = {"--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--set", "train.steps=400",
                "--set", "train.optimizer=adamw", "--set", "train.lr=0.01", "--set", "train.weight_decay=0.5",
                "--set", "train.schedule=constant", "--set", "train.checkpoint_every=1000", "--set", "train.eval_every=200",
                "--set", "train.samples=3"};
        CliRunner whole = CliRunner.run(concat(new String[]{"train", "--run", "whole"}, common));
        assertEquals(0, whole.exitCode(), whole.err());

        Faults crashAt250 = new Faults() {
            @Override
            public void beforeStep(int step, ComputationGraph graph) {
                if (step == 250) {
                    throw new IllegalStateException("simulated crash before the first checkpoint");
                }
            }
        };
        CliRunner crashed = CliRunner.run(crashAt250, concat(new String[]{"train", "--run", "crashed"}, common));
        assertEquals(ExitCodes.INTERNAL_ERROR, crashed.exitCode(), crashed.err());
        try (var files = Files.list(root.resolve("crashed"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("step-")), "no periodic checkpoint was written");
        }
        CliRunner rest = CliRunner.run("train", "--run", "crashed", "--resume", "--checkpoints", root.toString());
        assertEquals(0, rest.exitCode(), rest.err());
        assertEquals(Files.readString(root.resolve("whole/metrics.json")), Files.readString(root.resolve("crashed/metrics.json")));
    }

    /** --resume refuses a change of the optimiser's keys, with a checkpoint and without one alike. */
    @Test
    void resumeRefusesOptimizerOverrides(@TempDir Path root) {
        String[] common = {"--config", "config/tiny.yaml", "--checkpoints", root.toString(), "--set", "train.steps=60",
                "--set", "train.optimizer=adamw", "--set", "train.lr=0.01", "--set", "train.checkpoint_every=20", "--set", "train.eval_every=20", "--set", "train.samples=0"};
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--run", "r", "--until-step", "20"}, common)).exitCode());
        for (String key : List.of("train.optimizer=adam", "train.momentum=0.5", "train.beta1=0.8", "train.beta2=0.99",
                "train.weight_decay=0.1", "train.ema=0.9")) {
            CliRunner c = CliRunner.run("train", "--run", "r", "--resume", "--checkpoints", root.toString(), "--set", key);
            assertEquals(ExitCodes.BAD_INPUT, c.exitCode(), c.err());
            assertTrue(c.err().startsWith("error: --set " + key.substring(0, key.indexOf('=')) + ": run r keeps the optimiser"), c.err());
        }
        CliRunner lr = CliRunner.run("train", "--run", "r", "--resume", "--checkpoints", root.toString(), "--set", "train.lr=0.05");
        assertEquals(0, lr.exitCode(), lr.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
