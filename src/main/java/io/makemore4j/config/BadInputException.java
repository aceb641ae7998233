package io.makemore4j.config;

/**
 * A user mistake: a bad config value, a bad corpus, a bad checkpoint or a bad command-line value.
 *
 * <p>Its message is one line that names the problem (the config key, the file and line) and is
 * printed as is, without a stack trace; the command then exits with code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
