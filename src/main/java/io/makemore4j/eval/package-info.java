/** Evaluation: the mean cross-entropy of a model on the train, val and test splits, chunked. */
package io.makemore4j.eval;
