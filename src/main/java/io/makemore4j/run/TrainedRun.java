package io.makemore4j.run;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.family.ModelType;
import io.makemore4j.sample.Sampler;

import java.nio.file.Path;
import java.util.List;

/**
 * A trained run opened for reading ({@code evaluate}, {@code sample}, {@code convert}): its config
 * with the command's overrides, its corpus split as in training (checked against the SHA-256 and
 * vocabulary the run recorded) and the chosen checkpoint (checked against the run's vocabulary and
 * the network its config builds). Nothing in the run is changed.
 *
 * @param run        the run directory
 * @param config     the run's config with the command's overrides
 * @param data       the corpus, split as in training, encoded with the run's vocabulary
 * @param checkpoint the loaded checkpoint
 */
public record TrainedRun(RunDirectory run, Config config, PreparedData data, CheckpointStore.Loaded checkpoint) {

    /** Which checkpoint of a run to open. */
    public sealed interface Choice {
        /** The newest periodic checkpoint that loads. */
        record Latest() implements Choice {
        }

        /** The checkpoint at the lowest validation loss ({@code best.json}). */
        record Best() implements Choice {
        }

        /** A given checkpoint file (a zip or its manifest). */
        record File(Path path) implements Choice {
        }
    }

    /**
     * Opens a run.
     *
     * @param overrides {@code --set} keys; {@code model.*} and {@code data.*} (but {@code data.path}) are refused
     */
    public static TrainedRun open(RunDirectory run, List<String> overrides, Choice choice) {
        run.requireExisting();
        run.checkFiles();
        RunFiles files = new RunFiles(run);
        Config config = files.readConfig(overrides);
        Vocabulary vocabulary = files.readVocabulary();
        Provenance provenance = files.readProvenance();
        PreparedData data = RunChecks.recordedData(run, config, vocabulary, provenance);
        CheckpointStore store = new CheckpointStore(run.path(), config.checkpoint().keepLast());
        CheckpointStore.Loaded checkpoint;
        if (choice instanceof Choice.File file) {
            checkpoint = CheckpointStore.load(file.path());
        } else if (choice instanceof Choice.Best) {
            checkpoint = store.best();
        } else {
            checkpoint = store.latest().orElseThrow(() -> new BadInputException("run " + run.path() + " has no loadable checkpoint"));
        }
        RunChecks.checkpointFits(run, config, vocabulary, checkpoint);
        return new TrainedRun(run, config, data, checkpoint);
    }

    /** Refuses sampling {@code n} items (asked for by {@code option}) that the heap cannot hold. */
    public void checkSamples(String option, int n) {
        MemoryPlan.checkSamples(option, n, config.data().maxLength());
    }

    /** The run's model type. */
    public ModelType type() {
        return ModelFamily.of(config.model().type());
    }

    /** The split losses of the checkpoint's network. */
    public Evaluator evaluator() {
        return type().evaluator(checkpoint.graph(), config, data);
    }

    /** A sampler of the checkpoint's network. */
    public Sampler sampler() {
        return type().sampler(checkpoint.graph(), config, data.vocabulary());
    }
}
