package io.makemore4j.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * While installed, Ctrl-C (SIGINT) does not kill the JVM: it sets a flag that the training loop
 * polls, so training stops after writing a checkpoint and the command exits with 130. A second
 * Ctrl-C falls back to the default behaviour (exit at once).
 */
final class InterruptHandler implements AutoCloseable {

    private static final Signal INT = new Signal("INT");
    private final SignalHandler previous;

    private InterruptHandler(SignalHandler previous) {
        this.previous = previous;
    }

    static InterruptHandler install(AtomicBoolean stopRequested) {
        SignalHandler[] previous = new SignalHandler[1];
        previous[0] = Signal.handle(INT, signal -> {
            if (!stopRequested.compareAndSet(false, true)) {
                previous[0].handle(signal);
            }
        });
        return new InterruptHandler(previous[0]);
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
