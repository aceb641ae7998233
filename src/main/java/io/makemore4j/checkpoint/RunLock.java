package io.makemore4j.checkpoint;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The one writer of a run: an exclusive OS lock on {@code run.lock} in its directory, held by
 * {@code train} (new or {@code --resume}) and by {@code convert} for its new run while they write,
 * with the holder's process id written into the file. The operating system releases the lock when
 * the process dies, however it dies, so a run killed with SIGKILL can be resumed at once; a second
 * writer is refused with one line naming the process that holds it. Readers ({@code evaluate},
 * {@code sample}) take no lock.
 *
 * <p>Java's {@link FileChannel#tryLock()} is a POSIX record lock: it belongs to the process, and
 * closing <em>any</em> descriptor of the file releases it. So this JVM must never open a lock file
 * that it holds a second time, and {@link #HELD} says which it holds (by file key, which survives
 * the rename of a new run's staging directory): a second writer inside one JVM is refused from there
 * with the same message, naming this process, as {@link OverlappingFileLockException} would have it.
 */
public final class RunLock implements AutoCloseable {

    /** The name of the lock file in a run directory. */
    public static final String FILE = "run.lock";

    /** File keys of the lock files this JVM holds: a mirror of the process's OS locks, guarded by itself. */
    private static final Set<Object> HELD = new HashSet<>();

    private final String run;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object key;

    private RunLock(String run, FileChannel channel, FileLock lock, Object key) {
        this.run = run;
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /**
     * Locks {@code file} (created if missing) for run {@code run}, or refuses.
     *
     * @throws BadInputException if another process, or this one, holds it (naming the process), or the directory is not writable
     */
    public static RunLock acquire(Path file, String run) {
        synchronized (HELD) {
            if (Files.exists(file) && HELD.contains(fileKey(file))) {
                throw inUse(run, "process " + ProcessHandle.current().pid() + " (this process)", file);
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (AccessDeniedException e) {
                throw new BadInputException("run directory " + file.getParent() + " is not writable (cannot open " + file + ")");
            } catch (IOException e) {
                throw EnvironmentException.of("open", file, e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // locked by this JVM outside RunLock: refuse without closing the channel, which would release that lock
                throw inUse(run, "process " + ProcessHandle.current().pid() + " (this process)", file);
            } catch (IOException e) {
                closeQuietly(channel);
                throw EnvironmentException.of("lock", file, e);
            }
            if (lock == null) {
                String holder = holder(channel);
                closeQuietly(channel);   // this process holds no lock on the file: closing releases nothing
                throw inUse(run, holder, file);
            }
            Object key = fileKey(file);
            try {
                writePid(channel);
            } catch (IOException e) {
                closeQuietly(channel);
                throw EnvironmentException.of("write", file, e);
            }
            HELD.add(key);
            return new RunLock(run, channel, lock, key);
        }
    }

    /**
     * Whether a lock file is held now, by this JVM or by another process (false when it does not
     * exist): a run whose lock is held is being written, by {@code train} for one. Asked with a shared
     * lock on a read-only descriptor, so that a reader needs no write access to the run, and a writer
     * holding the exclusive lock is seen whoever it is.
     */
    public static boolean isHeld(Path file) {
        synchronized (HELD) {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            if (HELD.contains(fileKey(file))) {
                return true;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (IOException | OverlappingFileLockException e) {
                return true;   // when in doubt, in use: nothing is removed
            }
        }
    }

    /**
     * Whether this JVM holds the lock file: the run is written from here, so what it records (its
     * {@code status.json}) is up to date, where another holder's may lag behind.
     */
    public static boolean isHeldHere(Path file) {
        synchronized (HELD) {
            return Files.isRegularFile(file) && HELD.contains(fileKey(file));
        }
    }

    /** The run this lock is for. */
    public String run() {
        return run;
    }

    /** Releases the lock (the file stays, for the next writer). */
    @Override
    public void close() {
        synchronized (HELD) {
            if (!HELD.remove(key)) {
                return;
            }
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
        }
    }

    private static BadInputException inUse(String run, String holder, Path file) {
        return new BadInputException("run " + run + " is in use by " + holder + ", which holds " + file
                + "; wait for it to finish, or stop it first");
    }

    /** "process 1234", as the holder wrote it into the file (it writes it right after locking, so wait a moment for it). */
    private static String holder(FileChannel channel) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                channel.read(buffer, 0);
                String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
                if (text.matches("\\d+")) {
                    return "process " + text;
                }
                Thread.sleep(25);
            } catch (IOException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "another process";
    }

    /** Writes this process's id into the file, unless it already holds exactly that (the file is then left untouched). */
    private static void writePid(FileChannel channel) throws IOException {
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer current = ByteBuffer.allocate(pid.length + 1);
        channel.read(current, 0);
        if (current.position() == pid.length && java.util.Arrays.equals(current.array(), 0, pid.length, pid, 0, pid.length)) {
            return;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(false);
    }

    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : file.toAbsolutePath().normalize();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
