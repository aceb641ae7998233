package io.makemore4j.checkpoint;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.ErrorHandler;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Adds a log file in the run directory ({@code train.log}) beside the console, for as long as a run lasts. */
public final class RunLog implements AutoCloseable {

    private final LoggerContext context;
    private final FileAppender appender;

    private RunLog(LoggerContext context, FileAppender appender) {
        this.context = context;
        this.appender = appender;
    }

    /** Starts copying every log event (makemore4j at INFO, libraries at WARN) to {@code file}, appending. */
    public static RunLog to(Path file) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(config)
                .withPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %c{1} - %msg%n").withCharset(StandardCharsets.UTF_8).build();
        FileAppender appender = FileAppender.newBuilder().setName("run-" + file).withFileName(file.toString())
                .withAppend(true).setLayout(layout).setConfiguration(config).build();
        appender.setHandler(new Quiet());   // a train.log that cannot be written (a full disk) is not reported line by line
        appender.start();
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
        return new RunLog(context, appender);
    }

    /**
     * Swallows the appender's failures: log4j would print each to stderr beside the command's one
     * error line. The console has every line that train.log lacks, and a full disk also fails the
     * run's own writes, which report it.
     */
    private static final class Quiet implements ErrorHandler {
        @Override
        public void error(String msg) {
        }

        @Override
        public void error(String msg, Throwable t) {
        }

        @Override
        public void error(String msg, LogEvent event, Throwable t) {
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
