/**
 * The run session: {@link io.makemore4j.run.TrainingRun} creates a run or reopens one to continue
 * it, checks its files against each other before the first step (corpus SHA-256, vocabulary, the
 * checkpoint's network against the config, the optimiser keys a resumed run keeps), then trains it
 * and reports an {@link io.makemore4j.run.Outcome}; {@link io.makemore4j.run.TrainedRun} opens a
 * trained run for {@code evaluate}, {@code sample} and {@code convert} with the same checks. While
 * it trains, {@code StatusListener} keeps {@code status.json} current and tells the caller's
 * {@link io.makemore4j.run.RunObserver} whenever the run's files have something new to show.
 * Sits on top of checkpoint and family, below report and cli.
 */
package io.makemore4j.run;
