package io.makemore4j.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While installed, Ctrl-C (SIGINT) and SIGTERM (what {@code docker stop} sends) do not kill the
 * JVM: they set a flag that the training loop polls, so training stops after writing a checkpoint
 * and the command exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM). A second
 * signal falls back to the default behaviour (exit at once).
 */
final class InterruptHandler implements AutoCloseable {

    private static final Signal INT = new Signal("INT");
    private static final Signal TERM = new Signal("TERM");

    private volatile Signal received;
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
        } else {
            (signal.equals(INT) ? previousInt : previousTerm).handle(signal);
        }
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
