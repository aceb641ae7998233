package io.makemore4j.run;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.SampleLog;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.TrainingListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

/**
 * Samples a few items every {@code train.sample_every} steps, as makemore.py prints them while it
 * trains: logged (console and {@code train.log}) and appended to {@link SampleLog}. Sampling runs
 * the graph in inference mode (BatchNorm's running statistics read, not updated; no dropout) with
 * its own seeded generator, never ND4J's, and clears any recurrent state afterwards, so the training
 * steps that follow are bit-identical to a run that does not sample. Every sampling draws with the
 * same seed ({@code train.seed}): the same draws from a model that improves.
 */
final class TrainingSamples implements TrainingListener {

    /** Items drawn each time. */
    static final int ITEMS = 5;

    private static final Logger LOG = LogManager.getLogger(TrainingSamples.class);

    private final int every;
    private final ComputationGraph graph;
    private final Supplier<Sampler> sampler;
    private final long seed;
    private final SampleLog log;

    /**
     * @param sampler a sampler of {@code graph}'s current weights, made anew each time (a sampler may
     *                copy the weights when it is made)
     */
    TrainingSamples(int every, ComputationGraph graph, Supplier<Sampler> sampler, long seed, SampleLog log) {
        this.every = every;
        this.graph = graph;
        this.sampler = sampler;
        this.seed = seed;
        this.log = log;
    }

    /**
     * The run's sample log, kept up to {@code step}: opened when the run samples ({@code every > 0})
     * or has sampled before (its entries past a resumed run's step are dropped); null otherwise.
     */
    static SampleLog open(RunDirectory run, int every, int step) {
        return every > 0 || Files.exists(run.samplesDuringTraining()) ? new SampleLog(run.samplesDuringTraining(), step) : null;
    }

    @Override
    public void onStep(int step, double loss, double learningRate) {
        if (every > 0 && step % every == 0) {
            List<String> items = sampler.get().sample(ITEMS, SamplingOptions.seeded(seed));
            graph.rnnClearPreviousState();   // a recurrent sampler's state is not the training's
            LOG.info("step {}: samples: {}", step, String.join(", ", items));
            log.append(step, items);
        }
    }
}
