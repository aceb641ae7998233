package io.makemore4j.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.train.Faults;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The checkpoints of one run directory: periodic {@code step-NNNNNNNN.zip} (the last
 * {@code keep_last} kept) and the best one, {@code best-NNNNNNNN.zip} named by {@code best.json};
 * each a DL4J ModelSerializer zip with updater state plus a {@link CheckpointManifest}. A run that
 * averages its weights ({@code train.ema}) saves the averaged weights as the zip's model and the
 * trained weights in one more entry of the zip, for resuming ({@link CheckpointFile#TRAINED_PARAMETERS}).
 *
 * <p>Crash safety: a zip is written atomically under a name no manifest uses yet, and its manifest
 * is written atomically after it, so the manifest is the commit: a process killed at any moment
 * leaves every manifest naming a complete zip. (The best checkpoint gets a new zip name each time
 * for this reason; replacing {@code best.zip} in place would leave, after a kill between the two
 * writes, a new zip beside the old manifest.) Leftovers of an interrupted write are removed at the
 * next save.
 *
 * <p>Loading checks the format version, the SHA-256 and that the zip is a DL4J model; a damaged
 * checkpoint is named, and {@link #latest(Consumer)} falls back to the previous good one.
 */
public final class CheckpointStore {

    private static final Logger LOG = LogManager.getLogger(CheckpointStore.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String BEST = "best";
    /** How often a reader lists the checkpoints again when one it was reading was rotated away. */
    private static final int ROTATION_RETRIES = 5;
    private static final String PERIODIC_ZIP = "step-\\d{8}\\.zip";
    private static final String BEST_ZIP = "best-\\d{8}\\.zip";
    /** What {@link AtomicFiles} leaves behind when killed while writing one of our files. */
    private static final String STALE_TEMPORARY = "\\.(step-\\d{8}\\.(zip|json)|best-\\d{8}\\.zip|best\\.json)\\.tmp";

    /**
     * A checkpoint read back: the network with its updater state, and its manifest.
     *
     * @param trainedParams the trained weights saved beside an averaged model ({@code train.ema}),
     *                      (1, numParams); null when the model's weights are the trained ones
     */
    public record Loaded(ComputationGraph graph, CheckpointManifest manifest, Path zip, INDArray trainedParams) {
    }

    private final Path dir;
    private final int keepLast;
    private final List<String> vocabulary;
    private final Map<String, Object> model;
    private final Faults faults;

    /** A store that reads checkpoints (and writes them without a vocabulary or model in their manifests). */
    public CheckpointStore(Path runDir, int keepLast) {
        this(runDir, keepLast, null, null, Faults.NONE);
    }

    /** A store for a run's checkpoints, writing {@code vocabulary} into every manifest; no faults. */
    public CheckpointStore(Path runDir, int keepLast, List<String> vocabulary) {
        this(runDir, keepLast, vocabulary, null, Faults.NONE);
    }

    /**
     * A store for a training run.
     *
     * @param vocabulary the run's vocabulary ({@code Vocabulary.toList()}), recorded in every manifest
     * @param model      the run's {@code model.*} keys ({@code ConfigLoader.section}), recorded in every manifest
     * @param faults     told of each point inside a checkpoint write ({@link Faults#NONE} but in tests)
     */
    public CheckpointStore(Path runDir, int keepLast, List<String> vocabulary, Map<String, Object> model, Faults faults) {
        this.dir = runDir;
        this.keepLast = keepLast;
        this.vocabulary = vocabulary == null ? null : List.copyOf(vocabulary);
        this.model = model == null ? null : new java.util.LinkedHashMap<>(model);
        this.faults = faults;
    }

    /** Writes a periodic checkpoint at {@code step}, then prunes all but the last {@code keep_last}. */
    public CheckpointManifest save(ComputationGraph graph, int step, Double valLoss) {
        return save(graph, null, step, valLoss);
    }

    /**
     * Writes a periodic checkpoint at {@code step}, then prunes all but the last {@code keep_last}.
     *
     * @param trainedParams the trained weights when {@code graph} holds their average, else null
     */
    public CheckpointManifest save(ComputationGraph graph, INDArray trainedParams, int step, Double valLoss) {
        String name = String.format("step-%08d", step);
        CheckpointManifest manifest = write(graph, trainedParams, name + ".zip", name + ".json", step, valLoss);
        prune();
        return manifest;
    }

    /**
     * Writes the best checkpoint (the network at the lowest validation loss so far; {@code valLoss}
     * null without a validation split: the latest) and drops the previous one.
     */
    public CheckpointManifest saveBest(ComputationGraph graph, int step, Double valLoss) {
        return saveBest(graph, null, step, valLoss);
    }

    /**
     * Writes the best checkpoint and drops the previous one.
     *
     * @param trainedParams the trained weights when {@code graph} holds their average, else null
     */
    public CheckpointManifest saveBest(ComputationGraph graph, INDArray trainedParams, int step, Double valLoss) {
        CheckpointManifest manifest = write(graph, trainedParams, String.format("best-%08d.zip", step), BEST + ".json", step, valLoss);
        removeSupersededBest(manifest.file());
        return manifest;
    }

    /** The manifests of the periodic checkpoints, newest first (whether or not their zips are intact). */
    public List<Path> periodicManifests() {
        return list(name -> name.matches("step-\\d{8}\\.json")).stream()
                .sorted(Comparator.comparing(Path::toString).reversed())
                .toList();
    }

    /** The newest periodic checkpoint that loads; damaged ones are named in the log and skipped. */
    public Optional<Loaded> latest() {
        return latest(problem -> LOG.warn("skipping damaged checkpoint: {}", problem));
    }

    /**
     * The newest periodic checkpoint that loads. A checkpoint that a training process rotates away
     * while it is being read is not damaged: the listing is read again.
     *
     * @param skipped told, for each newer checkpoint that does not load, why (a one-line message naming it)
     */
    public Optional<Loaded> latest(Consumer<String> skipped) {
        for (int attempt = 0; ; attempt++) {
            List<String> problems = new ArrayList<>();
            boolean vanished = false;
            Optional<Loaded> found = Optional.empty();
            for (Path manifest : periodicManifests()) {
                try {
                    found = Optional.of(load(manifest));
                    break;
                } catch (BadInputException e) {
                    if (!Files.exists(manifest) && attempt < ROTATION_RETRIES) {
                        vanished = true;   // rotated away by a training process meanwhile
                        break;
                    }
                    problems.add(e.getMessage());
                }
            }
            if (!vanished) {
                problems.forEach(skipped);
                return found;
            }
        }
    }

    /** The manifest of the best checkpoint, if there is one. */
    public Optional<CheckpointManifest> bestManifest() {
        Path manifest = dir.resolve(BEST + ".json");
        return Files.exists(manifest) ? Optional.of(readManifest(manifest)) : Optional.empty();
    }

    /**
     * Every manifest of the run, read and checked (the periodic ones newest first, then
     * {@code best.json}); their zips are not opened.
     */
    public List<CheckpointManifest> manifests() {
        List<CheckpointManifest> all = new ArrayList<>();
        periodicManifests().forEach(manifest -> all.add(readManifest(manifest)));
        bestManifest().ifPresent(all::add);
        return all;
    }

    /** The best checkpoint, checked (read again if a training process replaces it meanwhile). */
    public Loaded best() {
        Path manifest = dir.resolve(BEST + ".json");
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(manifest)) {
                throw new BadInputException("run " + dir + " has no best checkpoint (" + manifest + " is missing)");
            }
            String named = readManifest(manifest).file();
            try {
                return load(manifest);
            } catch (BadInputException e) {
                if (attempt >= ROTATION_RETRIES || !Files.exists(manifest) || named.equals(readManifest(manifest).file())) {
                    throw e;
                }
            }
        }
    }

    /**
     * Loads a checkpoint from its manifest ({@code .json}) or its zip (the manifest beside it is then
     * required: {@code step-N.json} for {@code step-N.zip}, {@code best.json} for {@code best-N.zip}),
     * checking the format version, the SHA-256 and that the zip is a DL4J model. The zip is read whole
     * first ({@link CheckpointFile}), so a training process may rotate it away meanwhile.
     */
    public static Loaded load(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException("checkpoint " + path + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new BadInputException("checkpoint " + path + " is a directory; give a checkpoint's .zip or .json file");
        }
        if (!Files.isRegularFile(path)) {
            throw new BadInputException("checkpoint " + path + " is not a regular file; give a checkpoint's .zip or .json file");
        }
        Path manifestPath = manifestOf(path);
        if (!Files.exists(manifestPath)) {
            throw new BadInputException("checkpoint " + path + " has no manifest " + manifestPath.getFileName()
                    + " beside it (not a makemore4j checkpoint, or its writing was interrupted)");
        }
        CheckpointManifest manifest = readManifest(manifestPath);
        Path zip = manifestPath.resolveSibling(manifest.file());
        if (path.toString().endsWith(".zip") && !zip.getFileName().equals(path.getFileName())) {
            throw new BadInputException("checkpoint " + path + " is not the one " + manifestPath.getFileName()
                    + " names (" + manifest.file() + "): an older checkpoint, or one whose writing was interrupted");
        }
        if (Files.exists(zip) && !Files.isRegularFile(zip)) {
            throw new BadInputException("checkpoint " + zip + " is not a regular file (named by " + manifestPath + ")");
        }
        CheckpointFile file;
        try {
            file = CheckpointFile.read(zip);
        } catch (NoSuchFileException e) {
            throw new BadInputException("checkpoint " + zip + " is missing (named by " + manifestPath + ")");
        }
        if (!file.sha256().equals(manifest.sha256())) {
            throw new BadInputException("checkpoint " + zip + " is damaged: its SHA-256 does not match " + manifestPath.getFileName());
        }
        file.checkIsModelZip();
        ComputationGraph graph = file.restore();
        manifest.checkDescribes(graph, manifestPath, zip);
        return new Loaded(graph, manifest, zip, file.trainedParameters());
    }

    /** The zip a periodic checkpoint's manifest names by convention: {@code step-N.zip} for {@code step-N.json}. */
    public static Path zipOf(Path periodicManifest) {
        return periodicManifest.resolveSibling(periodicManifest.getFileName().toString().replaceAll("\\.json$", ".zip"));
    }

    /** The manifest that describes {@code path} (itself when it is not a zip). */
    private static Path manifestOf(Path path) {
        String name = path.getFileName().toString();
        if (name.matches(BEST_ZIP)) {
            return path.resolveSibling(BEST + ".json");
        }
        return name.endsWith(".zip") ? path.resolveSibling(name.replaceAll("\\.zip$", ".json")) : path;
    }

    static CheckpointManifest readManifest(Path manifestPath) {
        return CheckpointManifest.read(manifestPath);
    }

    private CheckpointManifest write(ComputationGraph graph, INDArray trainedParams, String zipName, String manifestName,
                                     int step, Double valLoss) {
        Path zip = dir.resolve(zipName);
        AtomicFiles.write(zip, out -> {
            CheckpointFile.write(graph, trainedParams, out);
            out.flush();
            faults.inCheckpointWrite(zipName + " written to its temporary file, not yet renamed");
        });
        faults.inCheckpointWrite(zipName + " in place, " + manifestName + " not yet written");
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, zipName,
                AtomicFiles.sha256(zip), step, valLoss, Instant.now().toString(), vocabulary, model, CheckpointManifest.shapes(graph));
        AtomicFiles.write(dir.resolve(manifestName), out -> JSON.writeValue(out, manifest));
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
        // leftovers of a write that was interrupted (the process killed): zips without a manifest, temporaries
        for (Path zip : list(name -> name.matches(PERIODIC_ZIP))) {
            if (!Files.exists(zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".json")))) {
                delete(zip);
            }
        }
        list(name -> name.matches(STALE_TEMPORARY)).forEach(CheckpointStore::delete);
        try {
            bestManifest().ifPresent(best -> removeSupersededBest(best.file()));
        } catch (BadInputException e) {
            LOG.warn("{}", e.getMessage()); // a damaged best.json: keep every best zip, the next best rewrites it
        }
    }

    private void removeSupersededBest(String current) {
        for (Path zip : list(name -> name.matches(BEST_ZIP))) {
            if (!zip.getFileName().toString().equals(current)) {
                delete(zip);
            }
        }
    }

    private List<Path> list(java.util.function.Predicate<String> name) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> name.test(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw EnvironmentException.of("list", dir, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }

    private static String firstLine(Throwable e) {
        return CheckpointFile.firstLine(e);
    }
}
