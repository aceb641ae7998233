package io.makemore4j.data;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a streaming pass over a corpus file: items, items/s and an ETA from the bytes read so
 * far. On a terminal, one line redrawn in place about four times a second; otherwise a log line
 * every {@value #LOG_SECONDS} seconds, so only a corpus that takes a while shows anything. Not
 * thread-safe: one per pass.
 */
public final class ReadProgress {

    /** Reports nothing. */
    public static final ReadProgress NONE = new ReadProgress("", null, true);

    static final int LOG_SECONDS = 10;
    private static final Logger LOG = LogManager.getLogger(ReadProgress.class);
    private static final long REDRAW_NANOS = 250_000_000L;

    private final String label;
    private final PrintStream terminal;
    private final boolean silent;
    private final ReadProgress parent;   // of a pass: the whole piece of work, which records the pass's time
    private final String what;           // of a pass: what it does
    private final java.util.List<String> passes = new java.util.ArrayList<>();   // of the whole: "what 12.3 s" per pass
    private final long startNanos = System.nanoTime();
    private long passNanos = startNanos;   // rates and ETAs count from the start of the pass over the file
    private long lastDraw = startNanos;
    private long lastLog = startNanos;
    private boolean drawn;

    /**
     * @param label    what is being done, e.g. "reading corpus names.txt"
     * @param terminal where to draw the live line, or null when the output is not a terminal
     */
    public ReadProgress(String label, PrintStream terminal) {
        this(label, terminal, false);
    }

    private ReadProgress(String label, PrintStream terminal, boolean silent) {
        this(label, terminal, silent, null, null);
    }

    private ReadProgress(String label, PrintStream terminal, boolean silent, ReadProgress parent, String what) {
        this.label = label;
        this.terminal = terminal;
        this.silent = silent;
        this.parent = parent;
        this.what = what;
    }

    /**
     * The progress of one pass of a longer piece of work (a preparation in passes): a new line
     * labelled {@code label (what)}, on the same terminal or log.
     */
    ReadProgress pass(String what) {
        return silent ? this : new ReadProgress(label + " (" + what + ")", terminal, false, this, what);
    }

    /** The passes finished so far and their seconds, e.g. {@code "shuffling 300,000,000 items 45.1 s, ..."}; empty when there were none. */
    public String passSummary() {
        return String.join(", ", passes);
    }

    /** When the pass over the file starts (the work before it, such as a shuffle, is not in its rates). */
    void startPass() {
        passNanos = System.nanoTime();
    }

    /** After each item: {@code bytes} of {@code totalBytes} read, {@code items} so far. */
    void update(long bytes, long totalBytes, long items) {
        if (silent || (items & 0x3FF) != 0) {   // look at the clock every 1,024 items
            return;
        }
        long now = System.nanoTime();
        if (terminal != null && now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            drawn = true;
            terminal.print("\r" + line(bytes, totalBytes, items, now) + "   ");
            terminal.flush();
        } else if (terminal == null && now - lastLog > LOG_SECONDS * 1_000_000_000L) {
            lastLog = now;
            LOG.info(line(bytes, totalBytes, items, now));
        }
    }

    /** At the end of the pass. */
    void finish(long bytes, long items) {
        if (parent != null) {
            parent.passes.add(String.format(Locale.ROOT, "%s %.1f s", what, (System.nanoTime() - passNanos) / 1e9));
        }
        if (drawn) {
            terminal.print("\r" + line(bytes, bytes, items, System.nanoTime()) + "   ");
            terminal.println();
            terminal.flush();
        }
    }

    /** Seconds since this progress was made (the pass and any work before it). */
    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private String line(long bytes, long totalBytes, long items, long now) {
        double seconds = (now - passNanos) / 1e9;
        double rate = seconds > 0 ? items / seconds : 0;
        double bytesPerSecond = seconds > 0 ? bytes / seconds : 0;
        String eta = bytesPerSecond > 0 ? duration((totalBytes - bytes) / bytesPerSecond) : "--";
        return String.format(Locale.ROOT, "%s: %,d items, %,d of %,d MB (%.0f%%), %,.0f items/s, ETA %s",
                label, items, bytes >> 20, totalBytes >> 20, totalBytes > 0 ? 100.0 * bytes / totalBytes : 100.0, rate, eta);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
