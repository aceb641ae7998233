/**
 * Views of runs built from their own files only, so that no view disagrees with a run:
 * {@link io.makemore4j.report.RunReader} reads one run into a {@link io.makemore4j.report.RunSummary}
 * (status, losses, steps, time, corpus; the one definition every view uses),
 * {@link io.makemore4j.report.RunsTable} lists runs as text or JSON, and
 * {@link io.makemore4j.report.Report} writes a self-contained HTML comparison with
 * {@code compare.png}, and each run's own {@code report.html} ({@link io.makemore4j.report.RunPages},
 * told by the training run when its files change). Sits on top of run, below cli.
 */
package io.makemore4j.report;
