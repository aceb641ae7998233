package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import org.apache.logging.log4j.LogManager;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The directory of one training run, {@code checkpoints/<run>/}, and the names of the files in it.
 * Checks made before training starts (a valid run name, a new or existing directory as asked, a
 * writable location, enough free disk) live here, so that they fail before any work is done.
 */
public final class RunDirectory {

    /** Where runs live unless told otherwise. */
    public static final Path DEFAULT_ROOT = Path.of("checkpoints");

    private final Path dir;
    private final String name;

    private RunDirectory(Path dir) {
        this(dir, dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());   // "/" has no file name
    }

    private RunDirectory(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** The run {@code name} under {@code root}; the name must be a plain file name. */
    public static RunDirectory of(Path root, String name) {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.contains("..")) {
            throw new BadInputException("run name '" + name + "' is not allowed: use letters, digits, '.', '_' and '-' "
                    + "(no '/' or '..'), starting with a letter or digit");
        }
        return new RunDirectory(root.resolve(name));
    }

    /** An existing run directory given by path (for {@code evaluate}/{@code sample} on a copied run). */
    public static RunDirectory at(Path dir) {
        return new RunDirectory(dir);
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** The run's name: the directory's file name. */
    public String name() {
        return name;
    }

    /** {@code config.yaml}: the resolved config the run trains with. */
    public Path config() {
        return dir.resolve("config.yaml");
    }

    /** {@code vocab.json}: the characters the network predicts, boundary first. */
    public Path vocabulary() {
        return dir.resolve("vocab.json");
    }

    /** {@code provenance.json}: the corpus's SHA-256, seeds, versions and progress. */
    public Path provenance() {
        return dir.resolve("provenance.json");
    }

    /** {@code loss.csv}: one row per step ({@link LossLog}). */
    public Path lossCsv() {
        return dir.resolve("loss.csv");
    }

    /** {@code loss.png}: the loss curves ({@link LossPlot}). */
    public Path lossPlot() {
        return dir.resolve("loss.png");
    }

    /** {@code metrics.json}: the final split losses; its presence marks a finished run. */
    public Path metrics() {
        return dir.resolve("metrics.json");
    }

    /** {@code samples.txt}: the items sampled at the end, with their novelty labels. */
    public Path samples() {
        return dir.resolve("samples.txt");
    }

    /** {@code samples-during-training.jsonl}: the items sampled every {@code train.sample_every} steps ({@link SampleLog}). */
    public Path samplesDuringTraining() {
        return dir.resolve(SampleLog.FILE);
    }

    /** {@code status.json}: what the run last recorded about itself ({@link RunStatus}). */
    public Path status() {
        return dir.resolve("status.json");
    }

    /** {@code report.html}: the run's own page, rewritten at every evaluation and at the end. */
    public Path report() {
        return dir.resolve("report.html");
    }

    /** {@code train.log}: every log line of the run's training sessions. */
    public Path log() {
        return dir.resolve("train.log");
    }

    /** Whether the run directory exists. */
    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /**
     * Checks, before anything is written, that a new run can be created here: the directory does not
     * exist yet, its parent can be created and written, and {@code minFreeMb} MiB are free.
     */
    public void checkCanCreate(long minFreeMb) {
        if (Files.exists(dir)) {
            throw new BadInputException("run directory " + dir + " already exists; pick another --run name, or add --resume to continue it");
        }
        Path root = dir.getParent() == null ? Path.of(".") : dir.getParent();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new BadInputException("cannot create run directory " + dir + ": " + root + " is not a directory");
        }
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isWritable(existing)) {
            throw new BadInputException("cannot create run directory " + dir + ": " + existing + " is not writable");
        }
        checkFreeSpace(existing, minFreeMb);
    }

    /** Checks that an existing run can be continued: it exists, is writable and has {@code minFreeMb} MiB free. */
    public void checkCanResume(long minFreeMb) {
        requireExisting();
        if (!Files.isWritable(dir)) {
            throw new BadInputException("run directory " + dir + " is not writable");
        }
        checkFreeSpace(dir, minFreeMb);
    }

    /**
     * Refuses a run whose files are not all regular files where they exist (a {@code train.log}
     * replaced by a directory, a FIFO for {@code loss.csv}): checked before anything is opened, so
     * that nothing blocks and nothing is half done.
     */
    public void checkFiles() {
        for (Path file : List.of(config(), vocabulary(), provenance(), lossCsv(), lossPlot(), metrics(), samples(), log(),
                lockFile(), status(), report(), dir.resolve("best.json"),
                samplesDuringTraining())) {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new BadInputException("run file " + file + (Files.isDirectory(file) ? " is a directory, not a file"
                        : " " + io.makemore4j.config.InputFiles.notRegular(file)) + "; move it out of the run directory");
            }
        }
    }

    /** Fails unless the run exists. */
    public void requireExisting() {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("run directory " + dir + " does not exist");
        }
    }

    /** {@code run.lock}: the lock its one writer holds ({@link RunLock}), with that process's id. */
    public Path lockFile() {
        return dir.resolve(RunLock.FILE);
    }

    /**
     * Locks the existing run for writing ({@code train --resume}): refused, naming the process, while
     * another process writes to it.
     */
    public RunLock lock() {
        requireExisting();
        checkFiles();
        return RunLock.acquire(lockFile(), name);
    }

    /**
     * Creates the directory with its first files, all at once, and returns it locked for writing:
     * {@code initialise} writes them into a hidden staging directory of this process beside it
     * ({@code .<name>.creating-<pid>-<random>}, locked from the start), which is then renamed into
     * place. A process killed meanwhile leaves no run directory, or a complete one, never one without
     * its config; of two processes creating the same run at once, one wins and the other is refused.
     * Staging directories left by killed processes (their lock free) are removed.
     *
     * @throws BadInputException if the run was created meanwhile by another process
     */
    public RunLock create(Consumer<RunDirectory> initialise) {
        Path parent = dir.toAbsolutePath().getParent();
        Path staging = null;
        RunLock lock = null;
        try {
            Files.createDirectories(parent);
            removeAbandonedStaging(parent);
            staging = Files.createTempDirectory(parent, stagingPrefix() + ProcessHandle.current().pid() + "-");
            lock = RunLock.acquire(staging.resolve(RunLock.FILE), name);
            initialise.accept(new RunDirectory(staging, name));
            move(staging);
            return lock;
        } catch (IOException e) {
            throw EnvironmentException.of("create run directory", dir, e);
        } catch (EnvironmentException e) {   // a file of the staging directory: named as the run's
            String where = staging == null ? e.getMessage() : e.getMessage().replace(staging.toString(), dir.toAbsolutePath().toString());
            throw new EnvironmentException("cannot create run directory " + dir + ": " + where, e);
        } finally {
            if (staging != null && Files.exists(staging)) {   // creation failed: nothing is left
                if (lock != null) {
                    lock.close();
                }
                try {
                    deleteRecursively(staging);
                } catch (IOException e) {
                    LogManager.getLogger(RunDirectory.class).warn("cannot remove {}: {}", staging, e.getMessage());
                }
            }
        }
    }

    /** The rename that publishes a new run: it fails when another process published the same run first. */
    private void move(Path staging) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.exists(dir)) {
                throw new BadInputException("run directory " + dir + " was created meanwhile by another process; "
                        + "pick another --run name");
            }
            throw e;
        }
    }

    private String stagingPrefix() {
        return "." + name + ".creating-";
    }

    /**
     * Removes staging directories of this run that no process is creating: their lock is free (its
     * process died), or, made before the lock existed, their process is gone.
     */
    private void removeAbandonedStaging(Path parent) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> list = Files.list(parent)) {
            leftovers = list.filter(p -> p.getFileName().toString().startsWith(stagingPrefix())
                    || p.getFileName().toString().equals("." + name + ".creating")).toList();
        }
        for (Path staging : leftovers) {
            Path lock = staging.resolve(RunLock.FILE);
            boolean abandoned = Files.exists(lock) ? !RunLock.isHeld(lock) : !processAlive(staging.getFileName().toString());
            if (abandoned) {
                deleteRecursively(staging);
            }
        }
    }

    /** Whether the process whose id a staging directory's name holds is alive (false for the old, id-less name). */
    private boolean processAlive(String stagingName) {
        String rest = stagingName.startsWith(stagingPrefix()) ? stagingName.substring(stagingPrefix().length()) : "";
        int dash = rest.indexOf('-');
        if (dash <= 0 || !rest.substring(0, dash).matches("\\d{1,18}")) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void checkFreeSpace(Path onDisk, long minFreeMb) {
        try {
            FileStore store = Files.getFileStore(onDisk);
            long freeMb = store.getUsableSpace() / (1024 * 1024);
            if (freeMb < minFreeMb) {
                throw new BadInputException("only " + freeMb + " MiB free on the disk of " + onDisk
                        + "; checkpoint.min_free_mb asks for " + minFreeMb);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot check free disk space of " + onDisk + ": " + e.getMessage());
        }
    }
}
