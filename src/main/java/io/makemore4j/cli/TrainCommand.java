package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointListener;
import io.makemore4j.checkpoint.CheckpointManifest;
import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.LossLog;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.RunLog;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.TestHooks;
import io.makemore4j.data.DataLoader;
import io.makemore4j.data.PreparedData;
import io.makemore4j.eval.Evaluator;
import io.makemore4j.eval.SplitLosses;
import io.makemore4j.model.ModelFactory;
import io.makemore4j.model.ModelSummary;
import io.makemore4j.sample.Sampler;
import io.makemore4j.sample.SamplingOptions;
import io.makemore4j.train.ConfigSchedule;
import io.makemore4j.train.LearningRateSchedule;
import io.makemore4j.train.ProgressListener;
import io.makemore4j.train.TrainResult;
import io.makemore4j.train.Trainer;
import io.makemore4j.train.TrainingBatches;
import io.makemore4j.train.TrainingDivergedException;
import io.makemore4j.train.TrainingListener;
import io.makemore4j.train.Updaters;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code train}: the main job. Reads the config and corpus, builds (or resumes) the model, trains it
 * with progress, validation and checkpoints, then prints the split losses and a few samples.
 * Everything that can be checked is checked before the run directory is created.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model; writes checkpoints, loss.csv/png, metrics and samples to checkpoints/<run>/.")
public final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(TrainCommand.class);

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = {"-r", "--run"}, paramLabel = "NAME",
            description = "Run name: the directory under --checkpoints (default: <config>-<date>-<time>).")
    String runName;

    @Option(names = "--resume", description = "Continue the run from its last good checkpoint (its saved config, plus --set; "
            + "train.steps may be raised to train further).")
    boolean resume;

    @Option(names = "--until-step", paramLabel = "N",
            description = "Stop at step N with a checkpoint (the schedule still spans train.steps); continue later with --resume.")
    Integer untilStep;

    @Option(names = "--checkpoints", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "Where runs live (default: ${DEFAULT-VALUE}).")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (resume && runName == null) {
            throw new BadInputException("--resume needs --run NAME: the run to continue");
        }
        if (untilStep != null && untilStep < 1) {
            throw new BadInputException("--until-step must be at least 1, got " + untilStep);
        }
        RunDirectory run = RunDirectory.of(root, runName != null ? runName : defaultRunName(config.file()));
        RunFiles files = new RunFiles(run);

        // 1. everything that can fail on bad input, before anything is written
        Config cfg;
        if (resume) {
            run.requireExisting();
            cfg = files.readConfig(config.overrides());
            run.checkCanResume(cfg.checkpoint().minFreeMb());
        } else {
            cfg = config.load();
            run.checkCanCreate(cfg.checkpoint().minFreeMb());
        }
        DataLoader loader = new DataLoader(System.console() != null ? System.err : null);
        PreparedData data = loader.load(cfg.data(), cfg.model().blockSize());
        CheckpointStore store = new CheckpointStore(run.path(), cfg.checkpoint().keepLast(), data.vocabulary().toList());
        ComputationGraph graph;
        int startStep;
        double bestVal;
        Provenance provenance;
        List<String> skipped = new ArrayList<>();   // damaged checkpoints passed over on resume
        String resumedFrom = null;
        if (resume) {
            provenance = files.readProvenance();
            if (!data.corpus().sha256().equals(provenance.datasetSha256())) {
                throw new BadInputException("corpus " + cfg.data().path() + " differs from the one run " + run.name()
                        + " started with (SHA-256 mismatch); --resume needs the same corpus");
            }
            if (!files.readVocabulary().equals(data.vocabulary())) {
                throw new BadInputException("the vocabulary of corpus " + cfg.data().path() + " differs from run " + run.name() + "'s");
            }
            Optional<CheckpointStore.Loaded> last = store.latest(skipped::add);
            if (last.isPresent()) {
                graph = last.get().graph();
                startStep = last.get().manifest().step();
                bestVal = store.bestManifest().map(CheckpointManifest::valLoss).orElse(Double.NaN);
                graph.setLearningRate(new ConfigSchedule(LearningRateSchedule.of(cfg.train())));  // train.steps may have changed
                resumedFrom = last.get().zip().getFileName().toString();
            } else if (skipped.isEmpty()) {
                // stopped (killed) before its first checkpoint: the run starts again, as it would have
                graph = ModelFactory.build(cfg.model(), data.vocabulary().size(), Updaters.of(cfg.train()), cfg.train().seed(),
                        DataType.FLOAT);
                startStep = 0;
                bestVal = Double.NaN;
                resumedFrom = "the start (the run has no checkpoint yet)";
            } else {
                throw new BadInputException("run " + run.path() + " has no loadable checkpoint to resume from: " + skipped.get(0));
            }
            // at train.steps without metrics: stopped after its last checkpoint; --resume then just reports
            if (startStep > cfg.train().steps() || (startStep == cfg.train().steps() && Files.exists(run.metrics()))) {
                throw new BadInputException("run " + run.name() + " is already at step " + startStep + " of train.steps "
                        + cfg.train().steps() + "; raise it with --set train.steps=N to train further");
            }
        } else {
            graph = ModelFactory.build(cfg.model(), data.vocabulary().size(), Updaters.of(cfg.train()),
                    Updaters.weightDecay(cfg.train()), cfg.train().seed(), DataType.FLOAT);
            startStep = 0;
            bestVal = Double.NaN;
            provenance = Provenance.start(cfg.data().path(), data.corpus().sha256(), data.corpus().size(),
                    cfg.train().seed(), cfg.data().seed());
            Config resolved = cfg;
            Provenance started = provenance;
            run.create(staged -> new RunFiles(staged).writeStart(resolved, data.vocabulary(), started));
        }

        // 2. train
        try (RunLog ignored = RunLog.to(run.log());
             LossLog lossLog = new LossLog(run.lossCsv(), startStep);
             InterruptHandler signals = InterruptHandler.install()) {
            skipped.forEach(problem -> LOG.warn("skipping damaged checkpoint: {}", problem));
            LOG.info(loader.report());
            ModelSummary summary = ModelSummary.of(graph);
            LOG.info("{} run {}: {} items ({} train / {} val / {} test rows), vocabulary {}, {} trainable parameters",
                    resume ? "resuming from " + resumedFrom + " of" : "starting", run.path(), data.corpus().size(), data.train().rows().size(),
                    data.val().rows().size(), data.test().rows().size(), data.vocabulary().size(), summary.trainableParams());
            Trainer.Batches batches = TrainingBatches.of(cfg.model(), cfg.train(), data);
            Evaluator evaluator = Evaluator.of(graph, cfg);
            List<TrainingListener> listeners = List.of(
                    new ProgressListener(startStep, cfg.train().steps(), cfg.train().logEvery(), System.console() != null ? System.err : null),
                    lossLog,
                    new CheckpointListener(run, store, lossLog, "makemore4j run " + run.name()),
                    new TrainingListener() {
                        @Override
                        public void onCheckpoint(int step, ComputationGraph g) {
                            files.writeProvenance(provenance.at(step));
                        }
                    });
            ComputationGraph net = graph;
            Trainer trainer = new Trainer(cfg.train(), step -> {
                if (TestHooks.nanAtStep((int) step + 1)) {
                    net.params().assign(Double.NaN);   // test hook only: as if the last update had blown up
                }
                return batches.batch(step);
            }, g -> evaluator.loss(data.val()), listeners,
                    step -> signals.stopRequested() || (untilStep != null && step >= untilStep));
            TrainResult result;
            try {
                result = trainer.train(graph, startStep, bestVal);
            } catch (TrainingDivergedException e) {
                lossLog.flush();
                String kept = store.periodicManifests().stream().findFirst()
                        .map(m -> "; nothing was saved after the last good checkpoint, "
                                + m.resolveSibling(m.getFileName().toString().replace(".json", ".zip")))
                        .orElse("; nothing was saved (no checkpoint had been written yet)");
                spec.commandLine().getErr().println("error: " + e.getMessage() + kept);
                spec.commandLine().getErr().flush();
                return ExitCodes.DIVERGED;
            }
            if (result.stopped()) {
                LOG.info("{} at step {}: checkpoint written; continue with: train --run {} --resume",
                        signals.stopRequested() ? "interrupted" : "stopped as asked", result.lastStep(), run.name());
                return signals.exitCode();
            }
            LOG.info(String.format(Locale.ROOT, "trained %d steps in %.1f s (%.0f steps/s)", result.lastStep() - result.firstStep(),
                    result.seconds(), result.stepsPerSecond()));

            // 3. report: split losses, samples
            SplitLosses losses = evaluator.evaluate(data);
            List<String> items = Sampler.of(graph, cfg.model(), data.vocabulary(), cfg.data().maxLength())
                    .sample(cfg.train().samples(), SamplingOptions.seeded(cfg.train().seed()));
            List<String> sampleLines = SampleTable.lines(items, data);
            files.writeSamples(sampleLines);
            files.writeMetrics(result.lastStep(), losses);   // last: its presence marks a finished run
            out.println();
            out.print(losses.toTable());
            out.println();
            if (!items.isEmpty()) {
                out.println("samples:");
                sampleLines.forEach(line -> out.println("  " + line));
                out.println();
            }
            out.println("run directory: " + run.path() + "  (loss.png, loss.csv, metrics.json, samples.txt, checkpoints)");
            String where = root.equals(RunDirectory.DEFAULT_ROOT) ? "" : " --checkpoints " + root;
            out.println("next: bin/makemore4j sample --run " + run.name() + where + " -n 20");
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String defaultRunName(Path configFile) {
        String base = configFile.getFileName().toString().replaceFirst("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return base + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
