package io.makemore4j.run;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.DataConfig;
import io.makemore4j.data.CorpusDigest;
import io.makemore4j.data.DataLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.family.ModelFamily;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The checks that a run's files agree with each other before any of them is used: the corpus is the
 * one the run recorded, the vocabulary is the run's, and a checkpoint holds the network the run's
 * config describes. Used alike by training a run further and by reading it ({@code evaluate},
 * {@code sample}, {@code convert}).
 */
final class RunChecks {

    private RunChecks() {
    }

    /**
     * The run's corpus, split as in training and encoded with the run's vocabulary, after checking
     * it is the corpus the run recorded (SHA-256, before anything is encoded) and fits the model type.
     */
    static PreparedData recordedData(RunDirectory run, Config config, Vocabulary vocabulary, Provenance provenance) {
        PreparedData data = DataLoader.standard().load(config.data(), config.model().blockSize(), vocabulary, (digest, own) -> {
            sameCorpus(run, config, digest, provenance);
            sameVocabulary(run, config, own, vocabulary);
        });
        ModelFamily.of(config.model().type()).checkData(config, data);
        return data;
    }

    /**
     * Refuses a corpus whose SHA-256 is not the one the run recorded when it started; with split
     * files, naming the first file that differs from the one recorded.
     */
    static void sameCorpus(RunDirectory run, Config config, CorpusDigest digest, Provenance provenance) {
        if (digest.sha256().equals(provenance.datasetSha256())) {
            return;
        }
        List<DataConfig.SourceFile> files = config.data().files();
        List<Provenance.SplitFile> recorded = provenance.splitFiles();
        if (recorded != null && config.data().splitFiles()) {
            if (!recorded.stream().map(Provenance.SplitFile::split).toList().equals(files.stream().map(DataConfig.SourceFile::split).toList())) {
                throw new BadInputException("run " + run.name() + " was trained on split files for "
                        + String.join(", ", recorded.stream().map(Provenance.SplitFile::split).toList()) + ", but its config names files for "
                        + String.join(", ", files.stream().map(DataConfig.SourceFile::split).toList()));
            }
            for (int i = 0; i < files.size(); i++) {
                if (!digest.files().get(i).equals(recorded.get(i).sha256())) {
                    DataConfig.SourceFile f = files.get(i);
                    throw new BadInputException(f.key() + " " + f.path() + " is not the " + f.split() + " file run " + run.name()
                            + " was trained on (SHA-256 " + abbreviate(digest.files().get(i)) + ", expected " + abbreviate(recorded.get(i).sha256())
                            + " of " + recorded.get(i).path() + "); point --set " + f.key() + "= at that file");
                }
            }
        }
        String hint = recorded != null ? "the run was trained on split files: point --set data.train_path=, data.val_path= and "
                + "data.test_path= at them"
                : config.data().splitFiles() ? "the run was trained on one corpus file, not on split files: leave out data.train_path, "
                + "data.val_path and data.test_path, and point --set data.path= at that file"
                : "point --set data.path= at that file";
        throw new BadInputException("corpus " + config.data().corpusName() + " is not the one run " + run.name()
                + " was trained on (SHA-256 " + abbreviate(digest.sha256()) + ", expected "
                + abbreviate(provenance.datasetSha256()) + " of " + provenance.datasetPath() + "); " + hint);
    }

    /** With split files, each file's path, SHA-256 and items for provenance.json; else null. */
    static List<Provenance.SplitFile> splitFiles(DataConfig config, PreparedData data) {
        if (!config.splitFiles()) {
            return null;
        }
        List<DataConfig.SourceFile> files = config.files();
        List<Provenance.SplitFile> out = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            DataConfig.SourceFile f = files.get(i);
            out.add(new Provenance.SplitFile(f.split(), f.path(), data.corpus().digest().files().get(i),
                    data.split(f.split()).encoded().size()));
        }
        return out;
    }

    /** Refuses a corpus whose vocabulary differs from the run's {@code vocab.json}. */
    static void sameVocabulary(RunDirectory run, Config config, Vocabulary corpusVocabulary, Vocabulary recorded) {
        if (!corpusVocabulary.equals(recorded)) {
            // called once the corpus's SHA-256 matched provenance.json: the corpus is the run's, vocab.json is what changed
            throw new BadInputException(run.vocabulary() + " (" + recorded.size() + " entries: " + abbreviate(recorded.characters())
                    + ") is not the vocabulary of corpus " + config.data().corpusName() + " (" + corpusVocabulary.size() + " entries: "
                    + abbreviate(corpusVocabulary.characters()) + "), although that is the corpus the run was trained on (its "
                    + "SHA-256 matches " + run.provenance().getFileName() + "): " + run.vocabulary().getFileName()
                    + " was edited or damaged");
        }
    }

    /**
     * Refuses a checkpoint trained on another vocabulary, or whose parameters do not have the shapes
     * of the network the run's config builds (a {@code config.yaml} edited to another architecture,
     * or another run's checkpoint).
     */
    static void checkpointFits(RunDirectory run, Config config, Vocabulary vocabulary, CheckpointStore.Loaded checkpoint) {
        List<String> recorded = checkpoint.manifest().vocabulary();
        if (recorded != null && !recorded.equals(vocabulary.toList())) {
            throw new BadInputException("checkpoint " + checkpoint.zip() + " was trained on another vocabulary ("
                    + recorded.size() + " entries: " + abbreviate(String.join("", recorded.subList(1, recorded.size())))
                    + ") than run " + run.name() + " (" + vocabulary.size() + " entries: " + abbreviate(vocabulary.characters()) + ")");
        }
        sameModelKeys(run, config, checkpoint);
        long predicts = ((FeedForwardLayer) checkpoint.graph().getOutputLayer(0).conf().getLayer()).getNOut();
        if (predicts != vocabulary.size()) {
            throw new BadInputException("checkpoint " + checkpoint.zip() + " predicts " + predicts + " characters, but the vocabulary of run "
                    + run.name() + " has " + vocabulary.size());
        }
        ComputationGraph expected = ModelFamily.build(config, vocabulary.size());
        Map<String, INDArray> want = expected.paramTable();
        Map<String, INDArray> have = checkpoint.graph().paramTable();
        for (Map.Entry<String, INDArray> p : want.entrySet()) {
            INDArray found = have.get(p.getKey());
            if (found == null || !Arrays.equals(found.shape(), p.getValue().shape())) {
                throw new BadInputException("checkpoint " + checkpoint.zip() + " does not hold the network of " + run.config()
                        + ": parameter " + p.getKey() + " is " + (found == null ? "missing" : Arrays.toString(found.shape()))
                        + " where the config builds " + Arrays.toString(p.getValue().shape()));
            }
        }
        if (have.size() != want.size()) {
            throw new BadInputException("checkpoint " + checkpoint.zip() + " does not hold the network of " + run.config()
                    + ": it has " + have.size() + " parameter arrays where the config builds " + want.size());
        }
    }

    /** A format-2 manifest records the model.* keys its run had: each must be the config's (keys it does not know are skipped). */
    private static void sameModelKeys(RunDirectory run, Config config, CheckpointStore.Loaded checkpoint) {
        Map<String, Object> recorded = checkpoint.manifest().model();
        if (recorded == null) {
            return;
        }
        for (Map.Entry<String, Object> key : ConfigLoader.section(config, "model").entrySet()) {
            Object trained = recorded.get(key.getKey());
            if (trained != null && !String.valueOf(trained).equals(String.valueOf(key.getValue()))) {
                throw new BadInputException("checkpoint " + checkpoint.zip() + " was trained with " + key.getKey() + " " + trained
                        + ", but " + run.config() + " says " + key.getValue() + ": the config was edited, or the checkpoint is "
                        + "another run's");
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "none" : s.substring(0, Math.min(12, s.length())) + "...";
    }
}
