package io.makemore4j.cli;

import io.makemore4j.config.BadInputException;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * {@code --ui [PORT]}, {@code --ui-address HOST} and {@code --ui-every N} of {@code train}: whether
 * to serve DL4J's Training UI while training, where, and how often it gets the graph's statistics.
 */
public final class UiOptions {

    /** DL4J's own default port. */
    static final String DEFAULT_PORT = "9000";

    @Option(names = "--ui", arity = "0..1", paramLabel = "PORT", fallbackValue = DEFAULT_PORT,
            description = "Serve DL4J's Training UI while training, on PORT (default " + DEFAULT_PORT + "; 0 takes a free "
                    + "one), and print its URL; the stats stay in the run's ui-stats.bin for 'ui --run NAME'.")
    Integer port;

    @Option(names = "--ui-address", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the UI listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every "
                    + "interface, e.g. in a container run with docker run -p 9000:9000).")
    String address;

    @Option(names = "--ui-every", paramLabel = "N", defaultValue = "100",
            description = "Steps between the UI's records of the graph's statistics (default: ${DEFAULT-VALUE}).")
    int every;

    /** The UI these options ask for, started: {@link LiveView#NONE} without {@code --ui} (nothing of the UI is loaded then). */
    LiveView open(PrintWriter err) {
        if (port == null) {
            return LiveView.NONE;
        }
        if (every < 1) {
            throw new BadInputException("--ui-every must be at least 1, got " + every);
        }
        return TrainingUiView.start(address, port, every, err);
    }
}
