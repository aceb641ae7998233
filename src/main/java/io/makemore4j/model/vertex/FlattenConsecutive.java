package io.makemore4j.model.vertex;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the FlattenConsecutive(n) graph vertex: fuses each group of {@code n} consecutive
 * time steps into one step with {@code n} times the channels, like makemore's
 * {@code x.view(B, T/n, C*n)}.
 *
 * <p>Layout (part of the checkpoint format): activations between stages are c-order 2-D arrays
 * {@code (batch*time, channels)} with rows ordered by example, then time (time fastest). The output
 * is {@code (batch*time/n, n*channels)}, where output channel {@code j*C + c} is channel {@code c}
 * of the {@code j}-th step of the group. The first stage also accepts the embedding's 3-D
 * {@code (batch, time, channels)} output. When {@code time/n == 1} the output has one row per
 * example.
 *
 * <p>Output type: {@code InputType.feedForward(n*C)} describes one <em>row</em>, which is what the
 * next Dense layer needs for its nIn; when {@code time/n > 1} there are {@code time/n} rows per
 * example, so DL4J's per-example memory estimates undercount by that factor.
 */
public class FlattenConsecutive extends GraphVertex {

    private final int n;
    private final int timeSteps;

    /**
     * @param n         how many consecutive steps are fused (at least 1; divides {@code timeSteps})
     * @param timeSteps time steps per example of this vertex's input
     */
    @JsonCreator
    public FlattenConsecutive(@JsonProperty("n") int n, @JsonProperty("timeSteps") int timeSteps) {
        if (n < 1 || timeSteps < 1 || timeSteps % n != 0) {
            throw new IllegalArgumentException("FlattenConsecutive: n (" + n + ") must be >= 1 and divide the "
                    + "input time steps (" + timeSteps + ")");
        }
        this.n = n;
        this.timeSteps = timeSteps;
    }

    /** How many consecutive steps are fused. */
    public int getN() {
        return n;
    }

    /** Time steps per example of the input. */
    public int getTimeSteps() {
        return timeSteps;
    }

    /** Time steps per example of the output ({@code timeSteps / n}; 1 means one row per example). */
    @JsonIgnore
    public int outputTimeSteps() {
        return timeSteps / n;
    }

    @Override
    public FlattenConsecutive clone() {
        return new FlattenConsecutive(n, timeSteps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlattenConsecutive f && f.n == n && f.timeSteps == timeSteps;
    }

    @Override
    public int hashCode() {
        return 31 * n + timeSteps;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new FlattenConsecutiveVertex(graph, name, idx, n, timeSteps, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs == null || vertexInputs.length != 1) {
            throw new InvalidInputTypeException("FlattenConsecutive expects exactly one input");
        }
        InputType in = vertexInputs[0];
        long channels;
        if (in instanceof InputType.InputTypeRecurrent r) {
            // (batch, time, channels) from the embedding
            if (r.getTimeSeriesLength() > 0 && r.getTimeSeriesLength() != timeSteps) {
                throw new InvalidInputTypeException("FlattenConsecutive: input has " + r.getTimeSeriesLength()
                        + " time steps, configured for " + timeSteps);
            }
            channels = r.getSize();
        } else if (in instanceof InputType.InputTypeFeedForward f) {
            // (batch*time, channels)
            channels = f.getSize();
        } else {
            throw new InvalidInputTypeException("FlattenConsecutive expects recurrent or feed-forward input, got " + in);
        }
        return InputType.feedForward(n * channels);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        // A free reshape when the input is c-order contiguous: no parameters, no working memory or cache.
        InputType outputType = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, FlattenConsecutive.class, inputTypes[0], outputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "FlattenConsecutive(n=" + n + ", timeSteps=" + timeSteps + ")";
    }
}
