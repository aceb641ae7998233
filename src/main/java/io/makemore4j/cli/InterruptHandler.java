package io.makemore4j.cli;

import io.makemore4j.run.TrainingRun;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, Ctrl-C (SIGINT) and SIGTERM (what {@code docker stop} sends) end {@code train}
 * with 128 + the signal number (130 for SIGINT, 143 for SIGTERM), at any moment, as the run's phase
 * allows ({@link TrainingRun.Phases}): during the training loop they set a flag that the loop polls,
 * so training stops after the current step with a checkpoint; before the loop (reading, checking,
 * creating the run: all of it safe to cut short) and after it (the final evaluation and sampling,
 * the last checkpoint already written) the process ends at once, in well under a second, with a
 * line that says what to do next. A second signal during training falls back to the default
 * behaviour (exit at once).
 */
final class InterruptHandler implements AutoCloseable, TrainingRun.Phases {

    private static final Logger LOG = LogManager.getLogger(InterruptHandler.class);
    private static final Signal INT = new Signal("INT");
    private static final Signal TERM = new Signal("TERM");

    private volatile Signal received;
    /** What ending now means, or null while the training loop runs (a stop then waits for a checkpoint). */
    private volatile String endsAtOnce = "before training started";
    private volatile String resume = "";
    private SignalHandler previousInt;
    private SignalHandler previousTerm;

    private InterruptHandler() {
    }

    /** Starts catching SIGINT and SIGTERM. */
    static InterruptHandler install() {
        InterruptHandler handler = new InterruptHandler();
        handler.previousInt = Signal.handle(INT, handler::onSignal);
        handler.previousTerm = Signal.handle(TERM, handler::onSignal);
        return handler;
    }

    private void onSignal(Signal signal) {
        if (received == null) {
            received = signal;
            String phase = endsAtOnce;
            if (phase != null) {
                endNow(phase);
            }
        } else {
            (signal.equals(INT) ? previousInt : previousTerm).handle(signal);
        }
    }

    @Override
    public void training() {
        endsAtOnce = null;
    }

    @Override
    public void reporting(String what, String resumeCommand) {
        resume = resumeCommand;
        endsAtOnce = "during " + what;
        if (received != null) {   // signalled as the training loop ended: its last checkpoint is written
            endNow(endsAtOnce);
        }
    }

    /** Ends the process with 128 + the signal's number, without waiting for anything: nothing left is half-written. */
    private void endNow(String phase) {
        String what = received.equals(INT) ? "interrupted" : "terminated";
        LOG.warn("{} {}: {}", what, phase, resume.isEmpty() ? "nothing was written"
                : "every checkpoint is complete; finish the run's report with: " + resume);
        System.err.flush();
        Runtime.getRuntime().halt(exitCode());
    }

    /** Whether a stop was asked for. */
    boolean stopRequested() {
        return received != null;
    }

    /** 128 + the number of the signal received (130 for Ctrl-C). */
    int exitCode() {
        return received == null ? ExitCodes.OK : 128 + received.getNumber();
    }

    @Override
    public void close() {
        Signal.handle(INT, previousInt);
        Signal.handle(TERM, previousTerm);
    }
}
