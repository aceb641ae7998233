package io.makemore4j.train;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The terminal's progress bar: a log line written while the bar is shown ends up whole on its own
 * line of the screen (no tail of the bar left over it, as {@code TA 0m10s} once was), the bar ends
 * at 100%, and the console appender is back afterwards.
 */
class TerminalBarTest {

    private static final Logger LOG = LogManager.getLogger(TerminalBarTest.class);

    @Test
    void logLinesArePrintedWholeAboveTheBar() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (TerminalBar bar = new TerminalBar(terminal, "train", 0, 100, "")) {
            for (int step = 1; step <= 100; step++) {
                bar.update(step, String.format(" loss %.4f lr 0.1", 3.0 - step / 100.0));
                if (step == 50) {
                    Thread.sleep(400);   // the library has drawn the bar, long as a terminal line
                    LOG.info("val 1");
                }
                Thread.sleep(2);
            }
            Thread.sleep(300);
        }
        List<String> screen = screen(bytes.toString(StandardCharsets.UTF_8));
        List<String> logged = screen.stream().filter(l -> l.contains("val 1")).toList();
        assertEquals(1, logged.size(), String.join("\n", screen));
        assertTrue(logged.get(0).matches("\\d\\d:\\d\\d:\\d\\d INFO  val 1"), "the log line alone: '" + logged.get(0) + "'");
        String last = screen.get(screen.size() - 2);   // the last line is the empty one after the bar's end
        assertTrue(last.startsWith("train 100%") && last.contains("100/100") && last.contains("loss 2.0000 lr 0.1"), last);
        assertEquals("", screen.get(screen.size() - 1));

        Set<String> appenders = ((LoggerContext) LogManager.getContext(false)).getConfiguration().getRootLogger()
                .getAppenders().keySet();
        assertTrue(appenders.contains("console") && appenders.stream().noneMatch(a -> a.contains("progress-bar")), appenders.toString());
    }

    /** The screen lines a terminal shows for {@code output}: a carriage return goes back to the line's start, text overwrites. */
    static List<String> screen(String output) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int column = 0;
        for (char c : output.toCharArray()) {
            if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line = new StringBuilder();
                column = 0;
            } else if (c == '\r') {
                column = 0;
            } else {
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
        }
        lines.add(line.toString().stripTrailing());
        return lines;
    }
}
