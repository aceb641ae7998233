/**
 * makemore.py's recurrent cells as a DL4J layer: {@link io.makemore4j.model.recurrent.RecurrentCell}
 * (the GRU with reset and update gates, or the plain tanh cell, from a learned start state), its
 * runtime {@link io.makemore4j.model.recurrent.RecurrentCellLayer} with a hand-written, gradient-checked
 * backward pass, {@code CellPlan} and {@code CellArrays}, its arithmetic and arrays for one batch
 * shape, and {@link io.makemore4j.model.recurrent.RecurrentModel}, the graphs of {@code model.type: gru,
 * rnn, lstm} (the last with DL4J's own LSTM layer). DL4J 1.0.0-M2.1 has no GRU layer.
 */
package io.makemore4j.model.recurrent;
