package io.makemore4j.run;

import io.makemore4j.checkpoint.CheckpointListener;
import io.makemore4j.checkpoint.CheckpointManifest;
import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.LossLog;
import io.makemore4j.checkpoint.LossRows;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.RunLock;
import io.makemore4j.checkpoint.RunStatus;
import io.makemore4j.checkpoint.RunLog;
import io.makemore4j.checkpoint.SampleLog;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.data.DataLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.SplitLosses;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.family.ModelType;
import io.makemore4j.model.ModelSummary;
import io.makemore4j.sample.SampleTable;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.ConfigSchedule;
import io.makemore4j.train.Faults;
import io.makemore4j.train.LearningRateSchedule;
import io.makemore4j.train.ProgressListener;
import io.makemore4j.train.TrainResult;
import io.makemore4j.train.Trainer;
import io.makemore4j.train.TrainingDivergedException;
import io.makemore4j.train.TrainingListener;
import io.makemore4j.train.WeightAverage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One run being trained: created new ({@link #start}) or reopened to continue ({@link #resume}),
 * with everything checked before the first step, then trained ({@link #train}): the trainer with its
 * listeners (progress, {@code loss.csv}, checkpoints, provenance), and at the end the split losses,
 * samples and {@code metrics.json}.
 *
 * <p>Resuming checks the run's files against each other ({@link RunChecks}: corpus SHA-256,
 * vocabulary, the checkpoint's network against the config) and continues from the newest checkpoint
 * that loads, or from the start, with the same graph a new run builds, when the run stopped before
 * its first one.
 */
public final class TrainingRun implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(TrainingRun.class);

    /** Keys whose values live in a checkpoint's updater: a resumed run keeps them. */
    private static final List<String> OPTIMIZER_KEYS = List.of(
            "train.optimizer", "train.momentum", "train.beta1", "train.beta2", "train.weight_decay", "train.ema");

    /**
     * What the command passes in for a run: when to stop, why, where progress goes, whom to tell
     * which phase the run is in (a stop is honoured after a checkpoint while training, at once before
     * and after), whom to tell when the run's files have something new to show, and who watches its graph.
     */
    public record Controls(Trainer.StopCondition stop, Supplier<String> stopReason, PrintStream terminal, Faults faults,
                           Phases phases, RunObserver observer, GraphWatcher watcher) {

        /** Controls with nobody watching the run's files ({@link RunObserver#NONE}) nor its graph ({@link GraphWatcher#NONE}). */
        public Controls(Trainer.StopCondition stop, Supplier<String> stopReason, PrintStream terminal, Faults faults, Phases phases) {
            this(stop, stopReason, terminal, faults, phases, RunObserver.NONE);
        }

        /** Controls with nobody watching the run's graph ({@link GraphWatcher#NONE}). */
        public Controls(Trainer.StopCondition stop, Supplier<String> stopReason, PrintStream terminal, Faults faults, Phases phases,
                        RunObserver observer) {
            this(stop, stopReason, terminal, faults, phases, observer, GraphWatcher.NONE);
        }
    }

    /** Told when the run enters each phase, so that a stop request can be honoured as the phase allows. */
    public interface Phases {
        /** The training loop starts: from now on a stop waits for the next step, then a checkpoint is written. */
        void training();

        /**
         * Training is over and its last checkpoint written; what follows ({@code what}: the final
         * evaluation, the final sampling) may be cut short at any moment, and {@code resume} says how
         * to finish the run later.
         */
        void reporting(String what, String resume);
    }

    private final RunDirectory run;
    private final Config config;
    private final PreparedData data;
    private final ComputationGraph graph;     // the trained graph: what the steps update
    private final WeightAverage average;      // train.ema: its moving average, the run's model; null without
    private final Start start;
    private final RunLock lock;

    /** Where training begins: the step, the best validation loss so far, what it continues and what was skipped. */
    private record Start(int step, double bestValLoss, Provenance provenance, String origin, List<String> skipped) {
    }

    private TrainingRun(RunDirectory run, Config config, PreparedData data, ComputationGraph graph, WeightAverage average,
                        Start start, RunLock lock) {
        this.run = run;
        this.config = config;
        this.data = data;
        this.graph = graph;
        this.average = average;
        this.start = start;
        this.lock = lock;
    }

    /**
     * Creates a new run directory for {@code config} with its config, vocabulary and provenance,
     * after checking everything that bad input can break; the run stays locked for writing by this
     * process ({@link RunLock}) until {@link #close}.
     */
    public static TrainingRun start(RunDirectory run, Config config) {
        run.checkCanCreate(config.checkpoint().minFreeMb());
        MemoryPlan.checkBeforeData(config);
        PreparedData data = DataLoader.standard().load(config.data(), config.model().blockSize());
        ModelFamily.of(config.model().type()).checkData(config, data);
        MemoryPlan.of(config, data).check(config, data.vocabulary().size(), MemoryPlan.nativeLimit());
        ComputationGraph graph = ModelFamily.build(config, data.vocabulary().size());
        Provenance provenance = Provenance.start(config.data().corpusName(), data.corpus().sha256(), data.corpus().size(),
                config.train().seed(), config.data().seed(), RunChecks.splitFiles(config.data(), data));
        RunLock lock = run.create(staged -> new RunFiles(staged).writeStart(config, data.vocabulary(), provenance));
        return new TrainingRun(run, config, data, graph, newAverage(config, graph),
                new Start(0, Double.NaN, provenance, "starting", List.of()), lock);
    }

    /**
     * Reopens a run to train it further: its saved config with {@code overrides} (not {@code model.*},
     * {@code data.*} but {@code data.path}, nor the optimiser's keys), checked against its files. The
     * run is locked for writing first ({@link RunLock}: refused while another process writes to it)
     * and stays locked until {@link #close}.
     *
     * @throws BadInputException if the run cannot continue (in use, damaged, finished, another corpus, ...)
     */
    public static TrainingRun resume(RunDirectory run, List<String> overrides) {
        RunLock lock = run.lock();
        try {
            return resume(run, overrides, lock);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static TrainingRun resume(RunDirectory run, List<String> overrides, RunLock lock) {
        RunFiles files = new RunFiles(run);
        Config config = files.readConfig(overrides);
        refuseOptimizerChanges(run, files.readConfig(List.of()), config);
        run.checkCanResume(config.checkpoint().minFreeMb());
        Provenance provenance = files.readProvenance();
        Vocabulary vocabulary = files.readVocabulary();
        LossRows.check(run.lossCsv());   // rewritten once training starts: checked whole before anything changes
        MemoryPlan.checkBeforeData(config);
        PreparedData data = RunChecks.recordedData(run, config, vocabulary, provenance);
        MemoryPlan.of(config, data).check(config, vocabulary.size(), MemoryPlan.nativeLimit());

        CheckpointStore store = new CheckpointStore(run.path(), config.checkpoint().keepLast());
        List<String> skipped = new ArrayList<>();   // damaged checkpoints passed over
        Optional<CheckpointStore.Loaded> last = store.latest(skipped::add);
        if (last.isEmpty() && !skipped.isEmpty()) {
            throw new BadInputException("run " + run.path() + " has no loadable checkpoint to resume from: " + skipped.get(0));
        }
        ComputationGraph graph;
        WeightAverage average;
        Start start;
        if (last.isPresent()) {
            RunChecks.checkpointFits(run, config, vocabulary, last.get());
            graph = last.get().graph();
            graph.setLearningRate(new ConfigSchedule(LearningRateSchedule.of(config.train())));  // train.steps may have changed
            average = savedAverage(config, last.get());
            double best = store.bestManifest().map(CheckpointManifest::valLoss).orElse(Double.NaN);
            start = new Start(last.get().manifest().step(), best, provenance,
                    "resuming from " + last.get().zip().getFileName() + " of", List.copyOf(skipped));
        } else {
            // stopped (killed) before its first checkpoint: the run starts again, exactly as it started
            graph = ModelFamily.build(config, vocabulary.size());
            average = newAverage(config, graph);
            start = new Start(0, Double.NaN, provenance, "resuming from the start (the run has no checkpoint yet) of", List.of());
        }
        refuseFinished(run, config, start.step());
        return new TrainingRun(run, config, data, graph, average, start, lock);
    }

    /** The moving average of a new run's weights, starting at them; null without {@code train.ema}. */
    private static WeightAverage newAverage(Config config, ComputationGraph graph) {
        return config.train().averagesWeights() ? WeightAverage.startingAt(graph, config.train().ema()) : null;
    }

    /**
     * The average a checkpoint holds as its model, its graph's weights set back to the trained ones
     * saved beside it; null without {@code train.ema}.
     */
    private static WeightAverage savedAverage(Config config, CheckpointStore.Loaded checkpoint) {
        ComputationGraph graph = checkpoint.graph();
        if (!config.train().averagesWeights()) {
            if (checkpoint.trainedParams() != null) {
                throw new BadInputException("checkpoint " + checkpoint.zip() + " holds averaged weights (train.ema) but the run's "
                        + "config.yaml has train.ema 0: the run's config was edited; restore train.ema");
            }
            return null;
        }
        if (checkpoint.trainedParams() == null) {
            throw new BadInputException("checkpoint " + checkpoint.zip() + " has no trained weights beside its model, but the run's "
                    + "config.yaml sets train.ema: the run's config was edited; restore train.ema 0");
        }
        INDArray averaged = graph.params().dup();   // (1, numParams): the zip's model
        graph.params().assign(checkpoint.trainedParams().reshape(graph.params().shape()));
        return WeightAverage.resumed(graph, averaged, config.train().ema());
    }

    /** Releases the run's lock: another process may write to it from now on. */
    @Override
    public void close() {
        lock.close();
    }

    /** The run's resolved config. */
    public Config config() {
        return config;
    }

    /** The run directory. */
    public RunDirectory directory() {
        return run;
    }

    /**
     * Trains from the starting step to {@code train.steps} (or until {@code controls} say stop),
     * logging to the console and {@code train.log}; then, unless stopped or diverged, evaluates the
     * splits, samples {@code train.samples} items and writes {@code samples.txt} and {@code metrics.json}.
     */
    public Outcome train(Controls controls) {
        try {
            return trainAndReport(controls);
        } catch (EnvironmentException e) {
            throw e.with("the run is as a kill would leave it: once that is fixed, continue with: train --run " + run.name()
                    + " --resume");
        }
    }

    private Outcome trainAndReport(Controls controls) {
        RunFiles files = new RunFiles(run);
        CheckpointStore store = new CheckpointStore(run.path(), config.checkpoint().keepLast(), data.vocabulary().toList(),
                ConfigLoader.section(config, "model"), controls.faults());
        ModelType type = ModelFamily.of(config.model().type());
        try (RunLog ignored = RunLog.to(run.log());
             LossLog lossLog = new LossLog(run.lossCsv(), start.step());
             SampleLog sampleLog = TrainingSamples.open(run, config.train().sampleEvery(), start.step())) {
            start.skipped().forEach(problem -> LOG.warn("skipping damaged checkpoint: {}", problem));
            logStart();
            ComputationGraph model = model();   // what is validated, evaluated and sampled
            Evaluator evaluator = type.evaluator(model, config, data);
            StatusListener status = new StatusListener(run, lossLog, config.train().steps(), controls.observer());
            List<TrainingListener> listeners = new ArrayList<>(List.of(
                    new ProgressListener(start.step(), config.train().steps(), config.train().logEvery(), controls.terminal()),
                    lossLog,
                    new CheckpointListener(run, store, lossLog, "makemore4j run " + run.name(), average),
                    new ProvenanceListener(files, start.provenance()),
                    status,
                    controls.watcher().listener(graph)));
            if (sampleLog != null) {
                listeners.add(1, new TrainingSamples(config.train().sampleEvery(), model,
                        () -> type.sampler(model, config, data.vocabulary()), config.train().seed(), sampleLog));
            }
            Trainer trainer = new Trainer(config.train(), type.batches(config, data), g -> evaluator.loss(data.val()),   // NaN without a val split: every validation is the best
                    listeners, controls.stop(), controls.faults(), average);
            TrainResult result;
            try {
                controls.phases().training();
                status.training(start.step());
                result = trainer.train(graph, start.step(), start.bestValLoss());
            } catch (TrainingDivergedException e) {
                return ended(new Outcome.Diverged(e.step(), e.loss(), e.getMessage() + lastGoodCheckpoint(store)), lossLog, controls);
            }
            if (result.stopped()) {
                LOG.info("{} at step {}: checkpoint written; continue with: train --run {} --resume",
                        controls.stopReason().get(), result.lastStep(), run.name());
                return ended(new Outcome.Stopped(result), lossLog, controls);
            }
            LOG.info(String.format(Locale.ROOT, "trained %d steps in %.1f s (%.0f steps/s)", result.lastStep() - result.firstStep(),
                    result.seconds(), result.stepsPerSecond()));
            return ended(finish(result, type, evaluator, files, controls), lossLog, controls);
        }
    }

    /** Records how the session ended in {@code status.json} ({@code loss.csv} flushed first) and tells the observer. */
    private Outcome ended(Outcome outcome, LossLog lossLog, Controls controls) {
        lossLog.flush();
        int steps = config.train().steps();
        double elapsed = lossLog.elapsedSeconds();
        RunStatus status = outcome instanceof Outcome.Diverged d ? RunStatus.diverged(d.step(), steps, d.loss(), elapsed)
                : outcome instanceof Outcome.Stopped s ? RunStatus.of(RunStatus.State.STOPPED, s.result().lastStep(), steps, elapsed)
                : RunStatus.of(RunStatus.State.FINISHED, ((Outcome.Finished) outcome).result().lastStep(), steps, elapsed);
        new RunFiles(run).writeStatus(status);
        controls.observer().ended(run);
        return outcome;
    }

    private Outcome finish(TrainResult result, ModelType type, Evaluator evaluator, RunFiles files, Controls controls) {
        String resume = "train --run " + run.name() + " --resume";
        controls.phases().reporting("the final evaluation", resume);
        LOG.info("evaluating the train, val and test splits");
        controls.faults().beforeReport("the final evaluation");
        SplitLosses losses = Evaluation.of(evaluator, data, controls.terminal());
        controls.phases().reporting("the final sampling", resume);
        LOG.info("sampling {} items", config.train().samples());
        controls.faults().beforeReport("the final sampling");
        List<String> items = type.sampler(model(), config, data.vocabulary())
                .sample(config.train().samples(), SamplingOptions.seeded(config.train().seed()));
        List<String> lines = SampleTable.lines(items, data);
        files.writeSamples(lines);
        files.writeMetrics(result.lastStep(), losses);   // last: its presence marks a finished run
        return new Outcome.Finished(result, losses, items.isEmpty() ? List.of() : lines);
    }

    /** The run's model: the moving average of the weights with {@code train.ema}, else the trained graph. */
    private ComputationGraph model() {
        return average == null ? graph : average.model();
    }

    private void logStart() {
        LOG.info("corpus {}: {}", config.data().corpusName(), data.corpus().source());
        LOG.info("{} run {}: {} items ({} train / {} val / {} test rows), vocabulary {}, {} trainable parameters",
                start.origin(), run.path(), data.corpus().size(), data.train().rows().size(), data.val().rows().size(),
                data.test().rows().size(), data.vocabulary().size(), ModelSummary.of(graph).trainableParams());
        if (config.train().replicas() > 1) {
            LOG.info("{} replicas of the model, a thread each, share every batch of train.batch_size {} (train.replicas)",
                    config.train().replicas(), config.train().batchSize());
        }
        if (average != null) {
            LOG.info("validation, evaluation, samples and the checkpoints' model use a moving average of the weights "
                    + "(train.ema {})", config.train().ema());
        }
    }

    private static String lastGoodCheckpoint(CheckpointStore store) {
        return store.periodicManifests().stream().findFirst()
                .map(m -> "; nothing was saved after the last good checkpoint, " + CheckpointStore.zipOf(m))
                .orElse("; nothing was saved (no checkpoint had been written yet)");
    }

    private static void refuseOptimizerChanges(RunDirectory run, Config saved, Config resumed) {
        List<String> changed = ConfigLoader.changedKeys(saved, resumed).stream().filter(OPTIMIZER_KEYS::contains).toList();
        if (!changed.isEmpty()) {
            throw new BadInputException("--set " + String.join(", ", changed) + ": run " + run.name() + " keeps the optimiser "
                    + "it was trained with (its state is in the checkpoints); start a new run to change it");
        }
    }

    /** At train.steps with metrics, or past it: nothing to train (at train.steps without metrics it just reports). */
    private static void refuseFinished(RunDirectory run, Config config, int step) {
        int steps = config.train().steps();
        if (step > steps || (step == steps && Files.exists(run.metrics()))) {
            throw new BadInputException("run " + run.name() + " is already at step " + step + " of train.steps "
                    + steps + "; raise it with --set train.steps=N to train further");
        }
    }
}
