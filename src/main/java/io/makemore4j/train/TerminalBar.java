package io.makemore4j.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A progress bar on the terminal's last line ({@code me.tongfei:progressbar}: count, percentage,
 * elapsed time, ETA, speed, and a message such as the loss), with the console's log lines printed
 * above it while it is shown: the bar is cleared, the line printed whole, the bar drawn again, so
 * that no line is left with the bar's tail (such as {@code TA 0m10s}) over it. For that, while the
 * bar is open, the log4j {@code console} appender of the root logger is replaced by one with its
 * layout that prints through the bar; {@link #close} puts it back. Thread-safe: the library redraws
 * from its own thread.
 */
public final class TerminalBar implements AutoCloseable {

    private static final String CONSOLE = "console";

    private final PrintStream terminal;
    private final ProgressBar bar;
    private final LoggerConfig root;
    private final Appender console;
    private final Above above;
    private String shown = "";   // what the bar last drew on the terminal's last line

    /**
     * Shows a bar from {@code first} to {@code max} on {@code terminal}.
     *
     * @param unit what is counted, e.g. " items" (the speed is shown per second of it); "" to show counts alone
     */
    public TerminalBar(PrintStream terminal, String task, long first, long max, String unit) {
        this.terminal = terminal;
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        this.root = config.getRootLogger();
        this.console = root.getAppenders().get(CONSOLE);
        this.above = console == null ? null : new Above(console);
        if (above != null) {
            above.start();
            root.removeAppender(CONSOLE);
            root.addAppender(above, null, null);
            context.updateLoggers();
        }
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).startsFrom(first, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUnit(unit, 1).showSpeed().setUpdateIntervalMillis(250)
                .setConsumer(new Drawer(terminal)).build();
    }

    /** Moves the bar to {@code current} with {@code message} after it (from its first character: give it a leading space). */
    public void update(long current, String message) {
        bar.setExtraMessage(message);
        bar.stepTo(current);
    }

    /** Prints {@code text} (whole lines) above the bar. */
    public synchronized void printAbove(String text) {
        terminal.print(clear() + text);
        terminal.print(shown);
        terminal.flush();
    }

    private synchronized void draw(String rendered) {
        terminal.print(clear() + rendered);
        terminal.flush();
        shown = rendered;
    }

    /** Blanks the bar's line and returns the cursor to its start. */
    private String clear() {
        return shown.isEmpty() ? "\r" : "\r" + " ".repeat(shown.length()) + "\r";
    }

    /** Draws the bar a last time, ends its line and gives the console its appender back. */
    @Override
    public void close() {
        bar.close();
        synchronized (this) {
            terminal.println();
            terminal.flush();
            shown = "";
        }
        if (above != null) {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            root.removeAppender(above.getName());
            root.addAppender(console, null, null);
            context.updateLoggers();
            above.stop();
        }
    }

    /** The library's consumer of renderings, drawing them through the bar (its width: the terminal's). */
    private final class Drawer extends ConsoleProgressBarConsumer {
        Drawer(PrintStream out) {
            super(out);
        }

        @Override
        public void accept(String rendered) {
            draw(rendered);
        }

        @Override
        public void close() {
            // the line is ended by TerminalBar.close
        }
    }

    /** The console appender's stand-in while the bar is shown: the same layout, printed above the bar. */
    private final class Above extends AbstractAppender {
        Above(Appender console) {
            super(CONSOLE + "-above-progress-bar", null, console.getLayout(), true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            printAbove(new String(getLayout().toByteArray(event), StandardCharsets.UTF_8));
        }
    }
}
