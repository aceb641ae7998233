package io.makemore4j.cli;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.run.GraphWatcher;

/** What watches a run as {@code train} trains it, from outside the process (the training UI), or nothing. */
interface LiveView extends AutoCloseable {

    /** No view. */
    LiveView NONE = new LiveView() {
        @Override
        public GraphWatcher watch(RunDirectory run) {
            return GraphWatcher.NONE;
        }

        @Override
        public void close() {
        }
    };

    /** Starts showing {@code run}, which exists from now on; the watcher to hand to its training. */
    GraphWatcher watch(RunDirectory run);

    /** Stops showing it; its server, if any, is gone when this returns. */
    @Override
    void close();
}
