package io.makemore4j.model.vertex;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vertex configuration: JSON round trip, equality, output types. */
class FlattenConsecutiveTest {

    @Test
    void survivesJsonRoundTripInsideAGraphConfiguration() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in")
                .addVertex("f1", new FlattenConsecutive(2, 4), "in")
                .addVertex("f2", new FlattenConsecutive(2, 2), "f1")
                .addLayer("out", new OutputLayer.Builder(new LossSparseMCXENT()).nIn(12).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "f2")
                .setOutputs("out")
                .build();
        String json = conf.toJson();
        assertTrue(json.contains(FlattenConsecutive.class.getName()), json);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        GraphVertex f1 = back.getVertices().get("f1");
        assertEquals(new FlattenConsecutive(2, 4), f1);
        assertEquals(2, ((FlattenConsecutive) back.getVertices().get("f2")).getTimeSteps());
        assertEquals(json, back.toJson());
    }

    @Test
    void equalityCoversBothFields() {
        FlattenConsecutive f = new FlattenConsecutive(2, 8);
        assertEquals(f, f.clone());
        assertNotSame(f, f.clone());
        assertEquals(f.hashCode(), new FlattenConsecutive(2, 8).hashCode());
        assertNotEquals(f, new FlattenConsecutive(2, 4));
        assertNotEquals(f, new FlattenConsecutive(4, 8));
    }

    @Test
    void outputTypeIsOneRowOfNTimesTheChannels() {
        FlattenConsecutive f = new FlattenConsecutive(2, 8);
        assertEquals(InputType.feedForward(20), f.getOutputType(0, InputType.recurrent(10, 8)));
        assertEquals(InputType.feedForward(256), f.getOutputType(0, InputType.feedForward(128)));
        assertThrows(InvalidInputTypeException.class, () -> f.getOutputType(0, InputType.recurrent(10, 6)));
        assertEquals(4, f.outputTimeSteps());
        assertEquals(0, f.numParams(true));
        f.getMemoryReport(InputType.recurrent(10, 8));
    }

    @Test
    void rejectsFactorsThatDoNotDivideTheTime() {
        assertThrows(IllegalArgumentException.class, () -> new FlattenConsecutive(3, 8));
        assertThrows(IllegalArgumentException.class, () -> new FlattenConsecutive(0, 8));
    }
}
