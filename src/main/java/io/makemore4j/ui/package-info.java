/**
 * DL4J's own Training UI for makemore4j runs: {@link io.makemore4j.ui.TrainingUi} serves it (DL4J's
 * Vert.x server, bound to one address), {@link io.makemore4j.ui.RunStats} is a run's stats file
 * ({@code ui-stats.bin} in the run directory, DL4J's {@code FileStatsStorage}) and
 * {@link io.makemore4j.ui.StatsFeed} fills it from the trainer's own listener events, so that the
 * graph keeps no DL4J listener and the training step its direct path. Sits on top of train,
 * checkpoint and run, below cli; nothing here is loaded unless a command asks for the UI.
 */
package io.makemore4j.ui;
