package io.makemore4j.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A failure of the machine rather than of the input or of the program: a full disk, a file system
 * that turned read-only, an I/O error, too little memory for what was asked. Its message is one line
 * that names the path (or the resource) and what is missing; the command prints it as is, without a
 * stack trace, and exits with code 4. What was written before stays as consistent as after a kill.
 */
public class EnvironmentException extends RuntimeException {

    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure to {@code action} (e.g. "write") {@code path}, with the reason the operating system
     * gave: {@code cannot write checkpoints/r/step-00000050.zip: no space left on the device (0 MiB free)}.
     */
    public static EnvironmentException of(String action, Path path, IOException e) {
        return new EnvironmentException("cannot " + action + " " + path + ": " + reason(path, e), e);
    }

    /** The same failure with {@code advice} (what to do next) appended. */
    public EnvironmentException with(String advice) {
        return new EnvironmentException(getMessage() + "; " + advice, this);
    }

    /** What the operating system said went wrong, in one line, with the free space where the disk is full. */
    public static String reason(Path path, IOException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                e = io;   // the operating system's reason, under a library's (e.g. ImageIO's "I/O error writing PNG file!")
            }
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "it does not exist (removed meanwhile?)"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        reason = reason.strip().replaceAll("\\s*\\R\\s*", " ");
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            return "the disk is full (" + reason.toLowerCase(java.util.Locale.ROOT) + freeSpace(path) + ")";
        }
        return reason;
    }

    private static String freeSpace(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                return ", " + java.nio.file.Files.getFileStore(p).getUsableSpace() / (1024 * 1024) + " MiB free";
            } catch (IOException ignored) {
                // not there (yet): ask its parent
            }
        }
        return "";
    }
}
