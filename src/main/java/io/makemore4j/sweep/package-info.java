/**
 * Sweeps ({@code sweep SWEEP.yaml}): the points of a {@link io.makemore4j.config.SweepFile}, each its
 * own run under {@code --checkpoints}. {@link io.makemore4j.sweep.SweepPlan} names each point's run
 * and finds it finished, diverged, stopped or new (an existing run must have the point's config);
 * {@link io.makemore4j.sweep.SweepRunner} trains the points that are not finished as child JVMs
 * ({@code train}, or {@code train --resume} for a stopped one), several at once with one native
 * thread each, and stops them all, each after a checkpoint, when asked. The sweep's runs table and
 * report are the report package's. Sits on top of run and report, below cli.
 */
package io.makemore4j.sweep;
