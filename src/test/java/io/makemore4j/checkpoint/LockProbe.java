package io.makemore4j.checkpoint;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The main class of a child JVM that says whether a lock file is held by another process: prints
 * {@code held} or {@code free}. It opens the file without creating it and takes the lock the way
 * {@link RunLock} does, so what it sees is what a second writer would see.
 */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            System.out.println(lock == null ? "held" : "free");
        }
    }
}
