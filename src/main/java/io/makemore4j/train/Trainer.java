package io.makemore4j.train;

import io.makemore4j.config.TrainConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/**
 * The training loop: for each step, draw a minibatch, fit (forward, backward, update), check the
 * loss, tell the listeners; validate every {@code eval_every} steps and call for a checkpoint every
 * {@code checkpoint_every} steps and at the end. A checkpoint falls due but waits while the last
 * loss is above {@code train.diverge_loss}, so that training that then diverges leaves its last good
 * checkpoint as its newest. With a {@link WeightAverage} ({@code train.ema}) the average moves after
 * every step and validation measures the averaged weights. The learning rate comes from the updater's
 * {@link ConfigSchedule}, so a resumed graph continues the same schedule from its own iteration count.
 */
public final class Trainer {

    /** The minibatch of a step: a pure function of the step, so a resumed run draws the same batches. */
    @FunctionalInterface
    public interface Batches {
        MultiDataSet batch(long step);
    }

    /** Whether to stop before the step about to run (e.g. Ctrl-C, or a requested stopping step). */
    @FunctionalInterface
    public interface StopCondition {
        boolean shouldStop(int step);
    }

    /** The validation loss of a graph, in inference mode. */
    @FunctionalInterface
    public interface Validation {
        double loss(ComputationGraph graph);
    }

    private final TrainConfig config;
    private final LearningRateSchedule schedule;
    private final Batches batches;
    private final Validation validation;
    private final List<TrainingListener> listeners;
    private final StopCondition stop;
    private final Faults faults;
    private final WeightAverage average;   // null: no average of the weights

    /**
     * A trainer without an average of the weights.
     *
     * @param stop   polled before each step; when true, training stops after a checkpoint
     * @param faults told before each step ({@link Faults#NONE} but in tests)
     */
    public Trainer(TrainConfig config, Batches batches, Validation validation, List<TrainingListener> listeners,
                   StopCondition stop, Faults faults) {
        this(config, batches, validation, listeners, stop, faults, null);
    }

    /**
     * @param stop    polled before each step; when true, training stops after a checkpoint
     * @param faults  told before each step ({@link Faults#NONE} but in tests)
     * @param average the moving average of the trained graph's weights, or null for none
     */
    public Trainer(TrainConfig config, Batches batches, Validation validation, List<TrainingListener> listeners,
                   StopCondition stop, Faults faults, WeightAverage average) {
        this.config = config;
        this.schedule = LearningRateSchedule.of(config);
        this.batches = batches;
        this.validation = validation;
        this.listeners = List.copyOf(listeners);
        this.stop = stop;
        this.faults = faults;
        this.average = average;
    }

    /**
     * Trains {@code graph} from {@code startStep} up to {@code train.steps}.
     *
     * @param bestValLoss the lowest validation loss of the run so far (on resume), or NaN
     * @throws TrainingDivergedException when the loss is not finite or explodes; no checkpoint is written then
     */
    public TrainResult train(ComputationGraph graph, int startStep, double bestValLoss) {
        if (graph.getIterationCount() != startStep) {
            throw new IllegalStateException("graph is at iteration " + graph.getIterationCount() + ", not " + startStep);
        }
        try {
            return loop(graph, startStep, bestValLoss);
        } finally {
            for (TrainingListener l : listeners) {
                l.onEnd();
            }
        }
    }

    private TrainResult loop(ComputationGraph graph, int startStep, double bestValLoss) {
        try (TrainingStep fit = TrainingStep.of(graph, config.replicas())) {   // one graph, or train.replicas sharing each batch
            return loop(graph, fit, startStep, bestValLoss);
        }
    }

    private TrainResult loop(ComputationGraph graph, TrainingStep fit, int startStep, double bestValLoss) {
        DivergenceGuard guard = new DivergenceGuard(config.divergeLoss());
        double best = bestValLoss;
        int bestStep = -1;
        double loss = Double.NaN;
        long start = System.nanoTime();
        int step = startStep;
        boolean deferred = false;   // a checkpoint is due
        while (step < config.steps()) {
            if (stop.shouldStop(step)) {
                checkpoint(step, graph);
                return new TrainResult(startStep, step, loss, best, bestStep, true, seconds(start));
            }
            double lr = schedule.at(step);
            faults.beforeStep(step + 1, graph);
            loss = fit.fit(batches.batch(step));   // forward, backward, update with lr = schedule(step)
            step++;
            if (average != null) {
                average.update(step);
            }
            guard.check(step, loss);
            for (TrainingListener l : listeners) {
                l.onStep(step, loss, lr);
            }
            if (step % config.evalEvery() == 0 || step == config.steps()) {
                double val = validation.loss(average != null ? average.model() : graph);
                boolean isBest = !guard.suspect() && (Double.isNaN(best) || val < best);   // no best of diverging weights
                if (isBest) {
                    best = val;
                    bestStep = step;
                }
                for (TrainingListener l : listeners) {
                    l.onValidation(step, val, isBest, graph);
                }
            }
            deferred |= step % config.checkpointEvery() == 0 || step == config.steps();
            if (deferred && (!guard.suspect() || step == config.steps())) {
                checkpoint(step, graph);   // put off while the loss is above train.diverge_loss: it may be diverging
                deferred = false;
            }
        }
        return new TrainResult(startStep, step, loss, best, bestStep, false, seconds(start));
    }

    private void checkpoint(int step, ComputationGraph graph) {
        for (TrainingListener l : listeners) {
            l.onCheckpoint(step, graph);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
