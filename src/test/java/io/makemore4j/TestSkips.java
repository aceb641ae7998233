package io.makemore4j;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skipping a test whose environment is missing, with the reason on the console: Maven's console
 * counts skipped tests but shows their reasons only in the surefire reports.
 */
public final class TestSkips {

    private TestSkips() {
    }

    /** Skips the calling test; {@code reason} names the test and what it lacks ("X skipped: ..."). */
    public static void skip(String reason) {
        System.out.println(reason);
        Assumptions.abort(reason);
    }

    /** As {@link #skip}, but fails in CI ({@code CI=true}), which must provide what the test needs. */
    public static void skipOrFailInCi(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason.replace("skipped", "cannot run in CI"));
        }
        skip(reason);
    }
}
