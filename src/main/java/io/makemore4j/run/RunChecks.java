package io.makemore4j.run;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
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

    /** Refuses a corpus whose SHA-256 is not the one the run recorded when it started. */
    static void sameCorpus(RunDirectory run, Config config, String sha256, Provenance provenance) {
        if (!sha256.equals(provenance.datasetSha256())) {
            throw new BadInputException("corpus " + config.data().path() + " is not the one run " + run.name()
                    + " was trained on (SHA-256 " + abbreviate(sha256) + ", expected "
                    + abbreviate(provenance.datasetSha256()) + " of " + provenance.datasetPath()
                    + "); point --set data.path= at that file");
        }
    }

    /** Refuses a corpus whose vocabulary differs from the run's {@code vocab.json}. */
    static void sameVocabulary(RunDirectory run, Config config, Vocabulary corpusVocabulary, Vocabulary recorded) {
        if (!corpusVocabulary.equals(recorded)) {
            throw new BadInputException("the vocabulary of corpus " + config.data().path() + " differs from run " + run.name()
                    + "'s " + run.vocabulary().getFileName());
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

    private static String abbreviate(String s) {
        return s == null ? "none" : s.substring(0, Math.min(12, s.length())) + "...";
    }
}
