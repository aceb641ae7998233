package io.makemore4j.run;

import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.train.TrainingListener;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Rewrites {@code provenance.json} with the step of each checkpoint, so it always names the run's progress. */
final class ProvenanceListener implements TrainingListener {

    private final RunFiles files;
    private final Provenance provenance;

    ProvenanceListener(RunFiles files, Provenance provenance) {
        this.files = files;
        this.provenance = provenance;
    }

    @Override
    public void onCheckpoint(int step, ComputationGraph graph) {
        files.writeProvenance(provenance.at(step));
    }
}
