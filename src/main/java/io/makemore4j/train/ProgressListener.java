package io.makemore4j.train;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress: on a terminal, one line redrawn in place (step, loss, learning rate,
 * steps/s, ETA) about four times a second; otherwise a plain log line every {@code log_every} steps.
 * Validation losses are always logged.
 */
public final class ProgressListener implements TrainingListener {

    private static final Logger LOG = LogManager.getLogger(ProgressListener.class);
    private static final long REDRAW_NANOS = 250_000_000L;

    private final int totalSteps;
    private final int logEvery;
    private final PrintStream terminal;
    private final int firstStep;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private double smoothed = Double.NaN;

    /**
     * @param terminal where to draw the live line, or null when the output is not a terminal
     */
    public ProgressListener(int firstStep, int totalSteps, int logEvery, PrintStream terminal) {
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
        this.logEvery = logEvery;
        this.terminal = terminal;
    }

    @Override
    public void onStep(int step, double loss, double learningRate) {
        smoothed = Double.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
        long now = System.nanoTime();
        if (terminal != null) {
            if (now - lastDraw > REDRAW_NANOS || step == totalSteps) {
                lastDraw = now;
                terminal.print("\r" + line(step, learningRate, now) + "   ");
                if (step == totalSteps) {
                    terminal.println();
                }
                terminal.flush();
            }
        } else if (step % logEvery == 0 || step == totalSteps) {
            LOG.info(line(step, learningRate, now));
        }
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        if (terminal != null) {
            terminal.print("\r");
        }
        LOG.info(Double.isNaN(valLoss) ? "step " + step + ": no validation split (data.val_path not set): the latest checkpoint stands for the best"
                : String.format(Locale.ROOT, "step %d: val loss %.4f%s", step, valLoss, best ? " (best so far)" : ""));
    }

    private String line(int step, double lr, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? (step - firstStep) / seconds : 0;
        double eta = rate > 0 ? (totalSteps - step) / rate : Double.NaN;
        return String.format(Locale.ROOT, "step %6d/%d  loss %.4f  lr %.3g  %.0f steps/s  ETA %s",
                step, totalSteps, smoothed, lr, rate, formatDuration(eta));
    }

    static String formatDuration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
