package io.makemore4j.cli;

import io.makemore4j.config.BadInputException;
import io.makemore4j.config.BuildInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks, before the native backend loads, that this machine can run it: linux-x86_64 only, with
 * the instruction set of the classifier the jar was built with (AVX2 for the default). Without this
 * check a missing instruction crashes the JVM with SIGILL instead of one clear line.
 */
public final class Platform {

    private Platform() {
    }

    /** Throws a {@link BadInputException} naming what is missing; does nothing where it cannot tell. */
    public static void checkCpu() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new BadInputException("makemore4j runs on linux-x86_64 only; this is " + os + "/" + arch);
        }
        String classifier = BuildInfo.load().classifier();
        String needed = classifier.contains("avx512") ? "avx512f" : classifier.contains("avx2") ? "avx2" : null;
        if (needed == null) {
            return;
        }
        try {
            String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags")).findFirst().orElse("");
            if (!flags.isEmpty() && !(" " + flags + " ").contains(" " + needed + " ")) {
                throw new BadInputException("this CPU lacks " + needed.toUpperCase(Locale.ROOT) + ", which this build ("
                        + classifier + ") needs; rebuild with -Dnd4j.classifier=linux-x86_64");
            }
        } catch (IOException e) {
            // cannot tell: let the backend try
        }
    }
}
