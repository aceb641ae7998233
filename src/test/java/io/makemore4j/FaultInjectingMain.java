package io.makemore4j;

import io.makemore4j.train.TestFaults;

/**
 * The command line with the faults that this JVM's system properties ask for
 * ({@link TestFaults#fromSystemProperties()}): the main class of the crash tests' child JVMs, which
 * run on the test classpath. Users run {@link Main}, which injects nothing.
 */
public final class FaultInjectingMain {

    private FaultInjectingMain() {
    }

    public static void main(String[] args) {
        Main.useUtf8Console();
        System.exit(Main.run(TestFaults.fromSystemProperties(), args));
    }
}
