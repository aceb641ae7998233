package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.data.DataLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained run read back for {@code evaluate} and {@code sample}: its config, its corpus (checked
 * against the SHA-256 recorded at training time), its vocabulary and the chosen checkpoint.
 *
 * @param run        the run directory
 * @param config     the run's config with the command's overrides
 * @param data       the corpus, split as in training, encoded with the run's vocabulary
 * @param checkpoint the loaded checkpoint
 */
record TrainedRun(RunDirectory run, Config config, PreparedData data, CheckpointStore.Loaded checkpoint) {

    static TrainedRun load(RunOptions options) {
        RunDirectory run = Files.isDirectory(Path.of(options.run)) && options.run.contains("/")
                ? RunDirectory.at(Path.of(options.run))
                : RunDirectory.of(options.root, options.run);
        run.requireExisting();
        if (options.best && options.checkpoint != null) {
            throw new BadInputException("give either --best or --checkpoint, not both");
        }
        RunFiles files = new RunFiles(run);
        Config config = files.readConfig(options.overrides);
        Provenance provenance = files.readProvenance();
        Vocabulary vocabulary = files.readVocabulary();
        DataLoader loader = new DataLoader(System.console() != null ? System.err : null);
        PreparedData data = loader.load(config.data(), config.model().blockSize(), vocabulary, sha256 -> {
            if (!sha256.equals(provenance.datasetSha256())) {
                throw new BadInputException("corpus " + config.data().path() + " is not the one run " + run.name()
                        + " was trained on (SHA-256 " + abbreviate(sha256) + ", expected "
                        + abbreviate(provenance.datasetSha256()) + " of " + provenance.datasetPath()
                        + "); point --set data.path= at that file");
            }
        });
        CheckpointStore store = new CheckpointStore(run.path(), config.checkpoint().keepLast());
        CheckpointStore.Loaded checkpoint;
        if (options.checkpoint != null) {
            checkpoint = CheckpointStore.load(options.checkpoint);
        } else if (options.best) {
            checkpoint = store.best();
        } else {
            checkpoint = store.latest().orElseThrow(() -> new BadInputException("run " + run.path() + " has no loadable checkpoint"));
        }
        List<String> checkpointVocab = checkpoint.manifest().vocabulary();
        if (checkpointVocab != null && !checkpointVocab.equals(vocabulary.toList())) {
            throw new BadInputException("checkpoint " + checkpoint.zip() + " was trained on another vocabulary ("
                    + checkpointVocab.size() + " entries: " + abbreviate(String.join("", checkpointVocab.subList(1, checkpointVocab.size())))
                    + ") than run " + run.name() + " (" + vocabulary.size() + " entries: " + abbreviate(vocabulary.characters()) + ")");
        }
        int modelVocab = (int) checkpoint.graph().getOutputLayer(0).getParam("b").length();
        if (modelVocab != vocabulary.size()) {
            throw new BadInputException("checkpoint " + checkpoint.zip() + " predicts " + modelVocab + " characters, but the vocabulary of run "
                    + run.name() + " has " + vocabulary.size());
        }
        return new TrainedRun(run, config, data, checkpoint);
    }

    private static String abbreviate(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length())) + "...";
    }
}
