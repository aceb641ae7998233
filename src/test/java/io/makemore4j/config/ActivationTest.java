package io.makemore4j.config;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationTest {

    @Test
    void theConfigChoicesAreTanhAndRelu() {
        assertEquals(List.of("tanh", "relu"), Activation.choices());
        assertEquals(Activation.TANH, Activation.fromConfig("tanh"));
        assertEquals(Activation.RELU, Activation.fromConfig("relu"));
        assertThrows(IllegalArgumentException.class, () -> Activation.fromConfig("sigmoid"));   // a gate's only
        assertThrows(IllegalArgumentException.class, () -> Activation.fromConfig("gelu"));
        Config relu = ConfigLoader.load(null, List.of("model.activation=RELU"));
        assertEquals(Activation.RELU, relu.model().activation());
        assertEquals(relu, ConfigLoader.parse(ConfigLoader.toYaml(relu), "saved", List.of()));   // written as "relu"
        assertTrue(ConfigLoader.toYaml(relu).contains("activation: relu"), ConfigLoader.toYaml(relu));
        assertEquals("relu", Activation.RELU.toString());
    }

    @Test
    void mapsDl4jActivationFunctionsBack() {
        assertEquals(Activation.TANH, Activation.of(new ActivationTanH(), "test"));
        assertEquals(Activation.RELU, Activation.of(new ActivationReLU(), "test"));
        assertEquals(Activation.SIGMOID, Activation.of(new ActivationSigmoid(), "test"));
        for (Activation a : Activation.values()) {
            assertEquals(a, Activation.of(a.dl4j().getActivationFunction(), "test"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.of(new ActivationSoftmax(), "the sampler"));
        assertTrue(e.getMessage().startsWith("the sampler supports tanh, relu and sigmoid"), e.getMessage());
    }

    /** The Java forms agree with DL4J's own activations: exactly enough in double, to float rounding otherwise. */
    @Test
    void javaFormsMatchDl4j() {
        Random rnd = new Random(3);
        double[] x = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 8 * rnd.nextGaussian();
        }
        for (Activation a : Activation.values()) {
            INDArray expected = a.dl4j().getActivationFunction().getActivation(Nd4j.createFromArray(x.clone()), false);
            double[] exact = x.clone();
            a.apply(exact, 0, x.length, true);
            double[] fast = x.clone();
            a.apply(fast, 0, x.length, false);
            for (int i = 0; i < x.length; i++) {
                double want = expected.getDouble(i);
                assertEquals(want, exact[i], 1e-15, a + " at " + x[i]);
                assertEquals(want, fast[i], 3e-7, a + " at " + x[i]);
            }
        }
        double[] part = {-1, -1, -1, -1};
        Activation.RELU.apply(part, 1, 3, true);
        assertEquals(List.of(-1.0, 0.0, 0.0, -1.0), List.of(part[0], part[1], part[2], part[3]));
    }

    @Test
    void floatTanhIsFloatAccurate() {
        double max = 0;
        for (double x = -12; x <= 12; x += 1e-4) {
            max = Math.max(max, Math.abs(Activation.floatTanh(x) - Math.tanh(x)));
        }
        assertTrue(max < 3e-7, "max error " + max);
        for (double x = 1e-30; x < 1e-2; x *= 1.1) {   // relative error near 0
            assertEquals(Math.tanh(x), Activation.floatTanh(x), 2e-7 * x);
        }
        assertEquals(1.0, Activation.floatTanh(Double.POSITIVE_INFINITY), 3e-7);
        assertEquals(-1.0, Activation.floatTanh(-1e300), 3e-7);
        assertTrue(Double.isNaN(Activation.floatTanh(Double.NaN)));
    }
}
