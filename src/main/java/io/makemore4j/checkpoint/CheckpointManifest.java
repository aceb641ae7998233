package io.makemore4j.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.InputFiles;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sidecar of a checkpoint zip ({@code step-00005000.json} beside {@code step-00005000.zip}, and
 * {@code best.json} naming the current {@code best-NNNNNNNN.zip}): written after the zip, so a
 * checkpoint without its manifest was never finished and is ignored.
 *
 * <p>Format 2 adds what the network is ({@code model}: the run's {@code model.*} keys;
 * {@code parameters}: each parameter array's shape), so that a checkpoint is checked against a
 * run's config before its zip is read. Format 1 manifests (without them) are still read; their
 * networks are checked against the shapes the loaded graph reports.
 *
 * @param formatVersion the checkpoint format; a reader refuses versions it does not know
 * @param file          the zip's file name, in the same directory
 * @param sha256        the zip's SHA-256, checked on load
 * @param step          optimiser steps done when it was written
 * @param valLoss       validation loss at that step, when measured (else null)
 * @param created       when it was written (ISO-8601)
 * @param vocabulary    the characters the network predicts, as in {@code vocab.json} (null in
 *                      manifests that predate it): a checkpoint is refused with another vocabulary
 * @param model         the {@code model.*} keys of the run that wrote it (null before format 2, or when unknown)
 * @param parameters    each parameter array's shape, by name (null before format 2)
 */
public record CheckpointManifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("step") int step,
        @JsonProperty("val_loss") Double valLoss,
        @JsonProperty("created") String created,
        @JsonProperty("vocabulary") List<String> vocabulary,
        @JsonProperty("model") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> model,
        @JsonProperty("parameters") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<Long>> parameters) {

    /** The format this version of makemore4j writes. */
    public static final int FORMAT_VERSION = 2;
    /** The formats it reads. */
    public static final Set<Integer> READS = Set.of(1, 2);
    /** A manifest is a few hundred bytes, or a few KiB with a large vocabulary. */
    private static final long MAX_BYTES = 16 << 20;

    /** Each parameter array's shape, by name, as format 2 records them. */
    public static Map<String, List<Long>> shapes(ComputationGraph graph) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> p : graph.paramTable().entrySet()) {
            List<Long> shape = new ArrayList<>();
            for (long d : p.getValue().shape()) {
                shape.add(d);
            }
            shapes.put(p.getKey(), shape);
        }
        return shapes;
    }

    /** Reads and checks a manifest: a known format, its fields present and well-formed. */
    static CheckpointManifest read(Path path) {
        CheckpointManifest manifest;
        try {
            if (Files.exists(path)) {
                InputFiles.regularFile(path, "checkpoint manifest", MAX_BYTES);
            }
            manifest = CheckpointStore.JSON.readValue(path.toFile(), CheckpointManifest.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException("checkpoint manifest " + path + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("checkpoint manifest " + path + " is not a valid manifest: " + CheckpointFile.firstLine(e));
        }
        if (manifest == null) {
            throw new BadInputException("checkpoint manifest " + path + " is empty");
        }
        if (!READS.contains(manifest.formatVersion())) {
            throw new BadInputException("checkpoint " + path + " has format version " + manifest.formatVersion()
                    + "; this makemore4j reads versions 1 and 2");
        }
        if (manifest.file() == null || manifest.sha256() == null || !manifest.file().matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.zip")) {
            throw new BadInputException("checkpoint manifest " + path
                    + " is incomplete (file, a zip's name in the same directory, and sha256 are required)");
        }
        String problem = !manifest.sha256().matches("[0-9a-f]{64}") ? "sha256 must be 64 hex digits, got '" + manifest.sha256() + "'"
                : manifest.step() < 0 ? "step must be >= 0, got " + manifest.step()
                : manifest.valLoss() != null && !Double.isFinite(manifest.valLoss()) ? "val_loss must be a finite number, got "
                + manifest.valLoss()
                : manifest.formatVersion() >= 2 && manifest.parameters() == null ? "parameters (their shapes) are missing" : null;
        if (problem != null) {
            throw new BadInputException("checkpoint manifest " + path + ": " + problem + " (the file was edited or damaged)");
        }
        return manifest;
    }

    /** Refuses a network that is not the one this manifest describes (its step, and in format 2 its shapes). */
    void checkDescribes(ComputationGraph graph, Path path, Path zip) {
        if (graph.getIterationCount() != step) {
            throw new BadInputException("checkpoint manifest " + path + " says step " + step + ", but the network in " + zip
                    + " has done " + graph.getIterationCount() + " steps: the manifest was edited, or belongs to another checkpoint");
        }
        if (parameters != null && !parameters.equals(shapes(graph))) {
            throw new BadInputException("checkpoint manifest " + path + " records other parameter shapes than the network in " + zip
                    + " has: the manifest was edited, or belongs to another checkpoint");
        }
    }
}
