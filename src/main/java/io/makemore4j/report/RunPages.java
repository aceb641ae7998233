package io.makemore4j.report;

import io.makemore4j.checkpoint.RunDirectory;
import io.makemore4j.config.BadInputException;
import io.makemore4j.config.EnvironmentException;
import io.makemore4j.run.RunObserver;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps a training run's own {@code report.html} up to date: rewritten from the run's files each
 * time {@link io.makemore4j.run.TrainingRun} says they changed (every evaluation, and the end). A
 * page that cannot be written (a full disk) is a warning in the log, not the end of the training.
 */
public final class RunPages implements RunObserver {

    private static final Logger LOG = LogManager.getLogger(RunPages.class);

    @Override
    public void filesWritten(RunDirectory run) {
        try {
            Report.writeRunPage(run);
        } catch (BadInputException | EnvironmentException e) {
            LOG.warn("cannot write {}: {}", run.report(), e.getMessage());
        }
    }
}
