package io.makemore4j.report;

import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.RunLock;
import io.makemore4j.checkpoint.RunStatus;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.model.ModelSummary;
import io.makemore4j.report.RunSummary.State;
import io.makemore4j.report.RunSummary.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads what a run is from its own files alone ({@code config.yaml}, {@code vocab.json},
 * {@code provenance.json}, {@code status.json}, {@code metrics.json}, {@code loss.csv}, the
 * checkpoint manifests) and its lock: the one definition of a run's summary that the runs table,
 * the reports and every other view use, so that no view disagrees with the run.
 *
 * <p>The status: <b>training now</b> while another process holds the run's lock (this process, when
 * it holds the lock, is the writer and its {@code status.json} is current); otherwise what
 * {@code status.json} recorded, a run that recorded "training" without holding its lock being one
 * that was killed: stopped at its last checkpoint (the step {@code provenance.json} names). Runs from
 * before {@code status.json} are finished when they have {@code metrics.json}, else stopped.
 * <b>Damaged</b> when a file fails the checks the run's readers make; checkpoint zips are checked
 * when loaded, not here.
 */
public final class RunReader {

    private RunReader() {
    }

    /**
     * The runs under {@code root}, by name: its directories that hold a run file ({@code config.yaml},
     * {@code provenance.json} or {@code loss.csv}); hidden ones (a run being created) are left out.
     *
     * @throws BadInputException if {@code root} is not a directory
     */
    public static List<RunDirectory> list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException("--checkpoints " + root + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .map(RunDirectory::at)
                    .filter(run -> Files.exists(run.config()) || Files.exists(run.provenance()) || Files.exists(run.lossCsv()))
                    .sorted(java.util.Comparator.comparing(RunDirectory::name))
                    .toList();
        } catch (IOException e) {
            throw EnvironmentException.of("list", root, e);
        }
    }

    /** The summary of {@code run}; a run whose files fail their checks is {@link State#DAMAGED}, with the problem. */
    public static RunSummary read(RunDirectory run) {
        boolean held = RunLock.isHeld(run.lockFile());
        boolean writtenHere = RunLock.isHeldHere(run.lockFile());
        try {
            run.checkFiles();
            RunFiles files = new RunFiles(run);
            Config config = files.readConfig(List.of());
            Vocabulary vocabulary = files.readVocabulary();
            Provenance provenance = files.readProvenance();
            Optional<RunStatus> recorded = files.readStatus();
            Optional<RunFiles.Metrics> metrics = files.readMetrics();
            if (!held) {
                new CheckpointStore(run.path(), config.checkpoint().keepLast()).manifests();   // a writer may rotate them meanwhile
            }
            int planned = recorded.map(RunStatus::steps).orElse(config.train().steps());
            LossCurve curve = LossCurve.read(run.lossCsv(), LossCurve.windowFor(planned));
            boolean live = held && (!writtenHere || recorded.map(s -> s.state() == RunStatus.State.TRAINING).orElse(true));
            Status status = status(live, recorded, metrics, provenance, curve);
            int done = status.state() == State.DIVERGED ? Math.max(0, status.step() - 1) : status.step();
            Optional<RunFiles.Metrics> finalLosses = metrics.filter(m -> status.state() == State.FINISHED && m.step() == done);
            long params = ModelSummary.of(ModelFamily.configuration(config, vocabulary.size())).trainableParams();
            return new RunSummary(run.name(), config.model().type().yamlName(), params, done, planned, status,
                    curve.bestVal(), curve.bestValStep(),
                    finalLosses.map(RunFiles.Metrics::trainLoss).orElse(Double.NaN),
                    finalLosses.map(RunFiles.Metrics::valLoss).orElse(Double.NaN),
                    finalLosses.map(RunFiles.Metrics::testLoss).orElse(Double.NaN),
                    Double.isNaN(curve.elapsedS()) ? recorded.map(RunStatus::elapsedS).orElse(Double.NaN) : curve.elapsedS(),
                    provenance.datasetPath(), configKeys(config), curve);
        } catch (BadInputException | EnvironmentException e) {
            return RunSummary.damaged(run.name(), e.getMessage());
        }
    }

    /** The run's state from its lock, its status record and (for runs without one) its metrics. */
    private static Status status(boolean live, Optional<RunStatus> recorded, Optional<RunFiles.Metrics> metrics,
                                 Provenance provenance, LossCurve curve) {
        if (live) {
            return new Status(State.TRAINING, Math.max(curve.lastStep(), recorded.map(RunStatus::step).orElse(0)), Double.NaN,
                    false, null);
        }
        if (recorded.isEmpty()) {
            return metrics.map(m -> new Status(State.FINISHED, m.step(), Double.NaN, false, null))
                    .orElse(new Status(State.STOPPED, provenance.step(), Double.NaN, false, null));
        }
        RunStatus s = recorded.get();
        return switch (s.state()) {
            case FINISHED -> new Status(State.FINISHED, s.step(), Double.NaN, false, null);
            case STOPPED -> new Status(State.STOPPED, s.step(), Double.NaN, false, null);
            case DIVERGED -> new Status(State.DIVERGED, s.step(), s.loss(), false, null);
            // recorded "training" but nobody holds the lock: killed, unless it died just after metrics.json, its last write
            case TRAINING -> metrics.filter(m -> m.step() == s.steps() && s.step() == s.steps())
                    .map(m -> new Status(State.FINISHED, m.step(), Double.NaN, false, null))
                    .orElse(new Status(State.STOPPED, provenance.step(), Double.NaN, true, null));
        };
    }

    /** Every key of the run's config with its value, in the documented order. */
    private static Map<String, Object> configKeys(Config config) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String section : List.of("data", "model", "train", "checkpoint")) {
            keys.putAll(ConfigLoader.section(config, section));
        }
        return keys;
    }
}
