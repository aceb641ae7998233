/**
 * makemore.py's bag-of-words model ({@code model.type: bow}): {@link io.makemore4j.model.bow.CausalBow},
 * the causal average of the positions so far added to each position and an MLP with a residual
 * connection (runtime {@link io.makemore4j.model.bow.CausalBowLayer}, arithmetic {@code BowPlan}, a
 * hand-written, gradient-checked backward pass), and {@link io.makemore4j.model.bow.BowModel}, its graph
 * after a token and position embedding.
 */
package io.makemore4j.model.bow;
