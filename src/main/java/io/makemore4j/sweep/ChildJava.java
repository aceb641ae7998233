package io.makemore4j.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts {@code makemore4j} in a child JVM as this one was started: the same java,
 * its flags (heap, native memory limits; not agents or debuggers) and class path, in its own session
 * ({@code setsid}, where there is one) so that a Ctrl-C on the terminal reaches the sweep alone,
 * which stops each child with one signal (a second signal would end a child at once).
 */
final class ChildJava {

    private ChildJava() {
    }

    /** {@code [setsid] java <flags> -cp <class path> io.makemore4j.Main}, to which the arguments are added. */
    static List<String> command() {
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(cmd::add);
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-agentlib") && !flag.startsWith("-javaagent") && !flag.startsWith("-XX:StartFlightRecording")) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.makemore4j.Main"));
        return cmd;
    }

    private static java.util.Optional<String> setsid() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "setsid");
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p.toString());
            }
        }
        return java.util.Optional.empty();
    }
}
