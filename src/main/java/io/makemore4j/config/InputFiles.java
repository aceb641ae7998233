package io.makemore4j.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks a file a user names before it is opened: that it exists and is a regular file (a FIFO
 * would block the read for ever, {@code /dev/zero} would be read until memory runs out), and, for a
 * file read whole, that it is not larger than it can be. Opening nothing, it cannot hang.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * The size of {@code file}, a regular file of at most {@code maxBytes}.
     *
     * @param what how messages name it, e.g. "config" or "run file"
     * @throws BadInputException naming the file and what is wrong with it
     */
    public static long regularFile(Path file, String what, long maxBytes) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);   // follows links: their target counts
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException(what + " " + file + " cannot be read: " + EnvironmentException.reason(file, e));
        }
        if (attributes.isDirectory()) {
            throw new BadInputException(what + " " + file + " is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new BadInputException(what + " " + file + " " + notRegular(file));
        }
        if (attributes.size() > maxBytes) {
            throw new BadInputException(what + " " + file + " is " + size(attributes.size()) + "; a " + what + " is at most "
                    + size(maxBytes));
        }
        return attributes.size();
    }

    /** "is not a regular file (a named pipe: ...)": what to say of a file that exists but is not a regular file. */
    public static String notRegular(Path file) {
        return "is not a regular file (" + kind(file) + ")";
    }

    /** What a file that is not a regular file is: a pipe, a device, a socket. */
    private static String kind(Path file) {
        try {
            Object type = Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) type & 0170000;
            return switch (mode) {
                case 0010000 -> "a named pipe: it would be read for ever";
                case 0020000 -> "a character device such as /dev/zero: it would be read for ever";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? bytes / (1 << 20) + " MiB" : bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
