package io.makemore4j.cli;

import io.makemore4j.checkpoint.CheckpointManifest;
import io.makemore4j.checkpoint.CheckpointStore;
import io.makemore4j.checkpoint.Provenance;
import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.checkpoint.RunFiles;
import io.makemore4j.checkpoint.RunLock;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.BuildInfo;
import io.makemore4j.config.Config;
import io.makemore4j.config.ConfigLoader;
import io.makemore4j.config.ModelConfig;
import io.makemore4j.config.ModelKind;
import io.makemore4j.data.Vocabulary;
import io.makemore4j.model.ModelConverter;
import io.makemore4j.family.ModelFamily;
import io.makemore4j.run.TrainedRun;
import io.makemore4j.train.Faults;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code convert}: a run's checkpoint as the other model type (flatten to dilated, or back), written
 * as a new run with the same predictions ({@link ModelConverter}), from which {@code evaluate} and
 * {@code sample} work as from the source run.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a run's last (or best) checkpoint to the other model type (flatten <-> dilated, the same "
                + "predictions) into a new run.")
public final class ConvertCommand implements Callable<Integer> {

    @Mixin
    RunOptions options = new RunOptions();

    @Option(names = "--to", required = true, paramLabel = "TYPE", description = "The model type to convert to: flatten or dilated.")
    String to;

    @Option(names = "--out", required = true, paramLabel = "NAME",
            description = "The new run's name, under --checkpoints; it must not exist yet.")
    String out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelKind toKind = targetKind();
        RunDirectory target = RunDirectory.of(options.root, out);
        if (target.exists()) {
            throw new BadInputException("run directory " + target.path() + " already exists; pick another --out name");
        }
        TrainedRun source = options.open();
        Config config = source.config();
        ModelConfig from = config.model();
        if (!from.type().hierarchical()) {
            throw new BadInputException("run " + source.run().name() + " is a " + from.type().yamlName()
                    + " model; convert takes flatten and dilated runs only");
        }
        if (from.type() == toKind) {
            throw new BadInputException("run " + source.run().name() + " is already a " + to + " model");
        }
        Config converted = new Config(config.data(), ModelConverter.as(from, toKind), config.train(), config.checkpoint());
        target.checkCanCreate(config.checkpoint().minFreeMb());

        Vocabulary vocabulary = source.data().vocabulary();
        CheckpointStore.Loaded checkpoint = source.checkpoint();
        ComputationGraph graph = ModelConverter.convert(checkpoint.graph(), from,
                ModelFamily.build(converted, vocabulary.size()), converted.model());
        CheckpointManifest manifest = checkpoint.manifest();
        Provenance provenance = new RunFiles(source.run()).readProvenance().convertedFrom(new Provenance.Conversion(
                source.run().path().toString(), checkpoint.zip().getFileName().toString(), manifest.sha256(), manifest.step(),
                from.type().yamlName() + (from.dilated() ? "" : from.fused() ? " (fused)" : " (stock layers)"), Instant.now().toString(),
                BuildInfo.load().version()));
        try (RunLock written = target.create(staged -> {
            new RunFiles(staged).writeStart(converted, vocabulary, provenance);
            CheckpointStore store = new CheckpointStore(staged.path(), config.checkpoint().keepLast(), vocabulary.toList(),
                    ConfigLoader.section(converted, "model"), Faults.NONE);
            // a run that averages its weights (train.ema) converts the average; resumed, it trains on from there
            INDArray trained = converted.train().averagesWeights() ? graph.params() : null;
            store.save(graph, trained, manifest.step(), manifest.valLoss());
            if (manifest.valLoss() != null) {
                store.saveBest(graph, trained, manifest.step(), manifest.valLoss());
            }
        })) {
            printDone(source, checkpoint, from, target);
        }
        return ExitCodes.OK;
    }

    private ModelKind targetKind() {
        if (!to.equals("flatten") && !to.equals("dilated")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to must be flatten or dilated, got '" + to + "'");
        }
        return ModelKind.valueOf(to.toUpperCase(Locale.ROOT));
    }

    private void printDone(TrainedRun source, CheckpointStore.Loaded checkpoint, ModelConfig from, RunDirectory target) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf("converted run %s, checkpoint %s (step %d), from the %s model to the %s model: run directory %s%n",
                source.run().name(), checkpoint.zip().getFileName(), checkpoint.manifest().step(), from.type().yamlName(), to,
                target.path());
        String where = options.root.equals(RunDirectory.DEFAULT_ROOT) ? "" : " --checkpoints " + options.root;
        w.println("next: bin/makemore4j evaluate --run " + target.name() + where);
        w.flush();
    }
}
