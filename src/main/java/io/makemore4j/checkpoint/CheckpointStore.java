package io.makemore4j.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BadInputException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run directory: periodic {@code step-NNNNNNNN.zip} (the last
 * {@code keep_last} kept) and {@code best.zip}, each a DL4J ModelSerializer zip with updater state
 * plus a {@link CheckpointManifest}. Loading checks the format version and the SHA-256; a damaged
 * checkpoint is named, and {@link #latest()} falls back to the previous good one.
 */
public final class CheckpointStore {

    private static final Logger LOG = LogManager.getLogger(CheckpointStore.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String BEST = "best";

    /** A checkpoint read back: the network with its updater state, and its manifest. */
    public record Loaded(ComputationGraph graph, CheckpointManifest manifest, Path zip) {
    }

    private final Path dir;
    private final int keepLast;

    public CheckpointStore(Path runDir, int keepLast) {
        this.dir = runDir;
        this.keepLast = keepLast;
    }

    /** Writes a periodic checkpoint at {@code step}, then prunes all but the last {@code keep_last}. */
    public CheckpointManifest save(ComputationGraph graph, int step, Double valLoss) {
        CheckpointManifest manifest = write(graph, String.format("step-%08d", step), step, valLoss);
        prune();
        return manifest;
    }

    /** Writes {@code best.zip}: the network at the lowest validation loss so far. */
    public CheckpointManifest saveBest(ComputationGraph graph, int step, double valLoss) {
        return write(graph, BEST, step, valLoss);
    }

    /** The manifests of the periodic checkpoints, newest first (whether or not their zips are intact). */
    public List<Path> periodicManifests() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("step-\\d{8}\\.json"))
                    .sorted(Comparator.comparing(Path::toString).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest periodic checkpoint that loads; damaged ones are named in the log and skipped. */
    public Optional<Loaded> latest() {
        for (Path manifest : periodicManifests()) {
            try {
                return Optional.of(load(manifest));
            } catch (BadInputException e) {
                LOG.warn("skipping damaged checkpoint: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The manifest of {@code best.zip}, if there is one. */
    public Optional<CheckpointManifest> bestManifest() {
        Path manifest = dir.resolve(BEST + ".json");
        return Files.exists(manifest) ? Optional.of(readManifest(manifest)) : Optional.empty();
    }

    /** {@code best.zip}, checked. */
    public Loaded best() {
        Path manifest = dir.resolve(BEST + ".json");
        if (!Files.exists(manifest)) {
            throw new BadInputException("run " + dir + " has no best checkpoint (" + manifest + " is missing)");
        }
        return load(manifest);
    }

    /**
     * Loads a checkpoint from its manifest ({@code .json}) or its zip (the manifest beside it is then
     * required), checking the format version and the SHA-256.
     */
    public static Loaded load(Path path) {
        Path manifestPath = path.toString().endsWith(".zip")
                ? path.resolveSibling(path.getFileName().toString().replaceAll("\\.zip$", ".json"))
                : path;
        if (!Files.exists(path)) {
            throw new BadInputException("checkpoint " + path + " does not exist");
        }
        if (!Files.exists(manifestPath)) {
            throw new BadInputException("checkpoint " + path + " has no manifest " + manifestPath.getFileName()
                    + " beside it (not a makemore4j checkpoint, or its writing was interrupted)");
        }
        CheckpointManifest manifest = readManifest(manifestPath);
        Path zip = manifestPath.resolveSibling(manifest.file());
        if (!Files.exists(zip)) {
            throw new BadInputException("checkpoint " + zip + " is missing (named by " + manifestPath + ")");
        }
        String sha = AtomicFiles.sha256(zip);
        if (!sha.equals(manifest.sha256())) {
            throw new BadInputException("checkpoint " + zip + " is damaged: its SHA-256 does not match " + manifestPath.getFileName());
        }
        try {
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(zip.toFile(), true);
            return new Loaded(graph, manifest, zip);
        } catch (Exception | LinkageError e) {
            throw new BadInputException("checkpoint " + zip + " cannot be read as a DL4J model: " + firstLine(e));
        }
    }

    static CheckpointManifest readManifest(Path manifestPath) {
        CheckpointManifest manifest;
        try {
            manifest = JSON.readValue(manifestPath.toFile(), CheckpointManifest.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException("checkpoint manifest " + manifestPath + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("checkpoint manifest " + manifestPath + " is not a valid manifest: " + firstLine(e));
        }
        if (manifest.formatVersion() != CheckpointManifest.FORMAT_VERSION) {
            throw new BadInputException("checkpoint " + manifestPath + " has format version " + manifest.formatVersion()
                    + "; this makemore4j reads version " + CheckpointManifest.FORMAT_VERSION);
        }
        if (manifest.file() == null || manifest.sha256() == null || manifest.file().contains("/")) {
            throw new BadInputException("checkpoint manifest " + manifestPath + " is incomplete (file and sha256 are required)");
        }
        return manifest;
    }

    private CheckpointManifest write(ComputationGraph graph, String name, int step, Double valLoss) {
        Path zip = dir.resolve(name + ".zip");
        AtomicFiles.write(zip, out -> ModelSerializer.writeModel(graph, out, true));
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, zip.getFileName().toString(),
                AtomicFiles.sha256(zip), step, valLoss, Instant.now().toString());
        AtomicFiles.write(dir.resolve(name + ".json"), out -> JSON.writeValue(out, manifest));
        return manifest;
    }

    private void prune() {
        List<Path> manifests = new ArrayList<>(periodicManifests());
        for (Path manifest : manifests.subList(Math.min(keepLast, manifests.size()), manifests.size())) {
            try {
                Files.deleteIfExists(manifest); // the manifest first: a zip without one is never loaded
                Files.deleteIfExists(manifest.resolveSibling(manifest.getFileName().toString().replace(".json", ".zip")));
            } catch (IOException e) {
                LOG.warn("cannot remove old checkpoint {}: {}", manifest, e.getMessage());
            }
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
