/**
 * Evaluation: the mean cross-entropy of a model on the train, val and test splits, chunked
 * ({@link io.makemore4j.eval.Evaluator#of}): over context rows for the flatten model
 * ({@link io.makemore4j.eval.SplitEvaluator}), over whole items sorted by length for the dilated one
 * ({@link io.makemore4j.eval.ItemEvaluator}); both average over the same predicted characters.
 */
package io.makemore4j.eval;
