/**
 * makemore.py's recurrent cells as a DL4J layer: {@link io.makemore4j.model.recurrent.RecurrentCell}
 * (the GRU with reset and update gates, or the plain tanh cell, from a learned start state), its
 * runtime {@link io.makemore4j.model.recurrent.RecurrentCellLayer} with a hand-written, gradient-checked
 * backward pass, and {@code CellPlan}, its arrays and arithmetic for one batch shape. DL4J 1.0.0-M2.1
 * has no GRU layer.
 */
package io.makemore4j.model.recurrent;
