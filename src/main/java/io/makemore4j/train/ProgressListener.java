package io.makemore4j.train;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress: on a terminal, a progress bar ({@link TerminalBar}: steps, percentage,
 * elapsed time, ETA, steps/s, and the smoothed loss and learning rate), with log lines printed
 * above it; otherwise a plain log line every {@code log_every} steps. Validation losses are always
 * logged.
 */
public final class ProgressListener implements TrainingListener {

    private static final Logger LOG = LogManager.getLogger(ProgressListener.class);
    private final int totalSteps;
    private final int logEvery;
    private final PrintStream terminal;
    private final int firstStep;
    private final long startNanos = System.nanoTime();
    private double smoothed = Double.NaN;
    private TerminalBar bar;   // on a terminal, from the first step to the end of training

    /**
     * @param terminal where to draw the bar, or null when the output is not a terminal
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
        if (terminal != null) {
            if (bar == null) {
                bar = new TerminalBar(terminal, "train", firstStep, totalSteps, "");
            }
            bar.update(step, String.format(Locale.ROOT, " loss %.4f lr %.3g", smoothed, learningRate));
        } else if (step % logEvery == 0 || step == totalSteps) {
            LOG.info(line(step, learningRate, System.nanoTime()));
        }
    }

    @Override
    public void onValidation(int step, double valLoss, boolean best, ComputationGraph graph) {
        LOG.info(Double.isNaN(valLoss) ? "step " + step + ": no validation split (data.val_path not set): the latest checkpoint stands for the best"
                : String.format(Locale.ROOT, "step %d: val loss %.4f%s", step, valLoss, best ? " (best so far)" : ""));
    }

    @Override
    public void onEnd() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
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
