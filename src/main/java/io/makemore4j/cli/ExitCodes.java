package io.makemore4j.cli;

/** The exit codes of every subcommand. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** A bug: reported with its stack trace. */
    public static final int INTERNAL_ERROR = 1;
    /** A user mistake (config, corpus, checkpoint, command line): reported in one line. */
    public static final int BAD_INPUT = 2;
    /** Training diverged (a non-finite or exploding loss): stopped, the last good checkpoint kept. */
    public static final int DIVERGED = 3;
    /**
     * The environment failed (a full disk, an I/O error, too little memory): reported in one line naming
     * the path or resource and what is missing; the run is left as consistent and resumable as after a kill.
     */
    public static final int ENVIRONMENT = 4;
    /** Interrupted (Ctrl-C): stopped after writing a checkpoint. 128 + SIGINT, as shells report it. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (e.g. {@code docker stop}) after writing a checkpoint. 128 + SIGTERM. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }
}
