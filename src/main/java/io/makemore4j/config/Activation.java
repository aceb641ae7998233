package io.makemore4j.config;

import org.nd4j.linalg.activations.IActivation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The non-linearities of the hidden stages: the values of {@code model.activation} ({@link #TANH},
 * {@link #RELU}) and the {@link #SIGMOID} of a gated dilated stage's gate. The one definition that
 * the graph builders (the DL4J activation), the fused layers (the libnd4j op) and the dilated
 * sampler (the function on doubles) use.
 *
 * <p>{@link #toString()} is the YAML name, so messages and the written configuration read as the
 * user wrote it.
 */
public enum Activation {

    /** {@code tanh}: the default. */
    TANH("tanh", org.nd4j.linalg.activations.Activation.TANH, true),
    /** {@code relu}: {@code max(0, x)}. */
    RELU("relu", org.nd4j.linalg.activations.Activation.RELU, true),
    /** {@code 1 / (1 + exp(-x))}: the gate of a gated dilated stage only, not a {@code model.activation} value. */
    SIGMOID("sigmoid", org.nd4j.linalg.activations.Activation.SIGMOID, false);

    private final String configName;
    private final org.nd4j.linalg.activations.Activation dl4j;
    private final boolean choice;
    private final Class<? extends IActivation> function;

    Activation(String configName, org.nd4j.linalg.activations.Activation dl4j, boolean choice) {
        this.configName = configName;
        this.dl4j = dl4j;
        this.choice = choice;
        this.function = dl4j.getActivationFunction().getClass();
    }

    /** The name in the YAML configuration (and the libnd4j op of the forward pass). */
    public String configName() {
        return configName;
    }

    /** DL4J's activation, for the graph configuration. */
    public org.nd4j.linalg.activations.Activation dl4j() {
        return dl4j;
    }

    /** The libnd4j op computing the activation, {@code out = f(in)}, in place or not. */
    public String op() {
        return configName;
    }

    /** The op's floating-point arguments: relu's cutoff 0, none for the others. */
    public double[] opArguments() {
        return this == RELU ? new double[] {0.0} : new double[0];
    }

    /** The values {@code model.activation} accepts, in the order messages list them. */
    public static List<String> choices() {
        List<String> names = new ArrayList<>();
        for (Activation a : values()) {
            if (a.choice) {
                names.add(a.configName);
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * The {@code model.activation} value {@code name} (lower case, checked against {@link #choices()}
     * when the configuration is read).
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Activation fromConfig(String name) {
        for (Activation a : values()) {
            if (a.choice && a.configName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("model.activation: not one of " + choices() + ": " + name);
    }

    /**
     * The activation of a layer configuration's activation function.
     *
     * @param user who needs it, for the message (e.g. {@code "FusedLinearBatchNorm"})
     * @throws IllegalArgumentException for any other function than tanh, relu and sigmoid
     */
    public static Activation of(IActivation fn, String user) {
        for (Activation a : values()) {
            if (a.function.isInstance(fn)) {
                return a;
            }
        }
        throw new IllegalArgumentException(user + " supports tanh, relu and sigmoid, not " + fn);
    }

    /**
     * Applies the activation to {@code a[from, to)} in place. {@code exact}: {@link Math#tanh} and
     * {@link Math#exp}; otherwise, for FLOAT computations, tanh is {@link #floatTanh} and the
     * sigmoid {@code (1 + tanh(x/2)) / 2} with it, accurate to float rounding.
     */
    public void apply(double[] a, int from, int to, boolean exact) {
        switch (this) {
            case TANH:
                if (exact) {
                    for (int i = from; i < to; i++) {
                        a[i] = Math.tanh(a[i]);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        a[i] = floatTanh(a[i]);
                    }
                }
                break;
            case SIGMOID:
                if (exact) {
                    for (int i = from; i < to; i++) {
                        a[i] = 1 / (1 + Math.exp(-a[i]));
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        a[i] = 0.5 + 0.5 * floatTanh(0.5 * a[i]);
                    }
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    a[i] = Math.max(0, a[i]);
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * tanh to float accuracy (absolute error below 3e-7): Eigen's rational approximation (a degree
     * 13 odd polynomial over a degree 6 even one, on x clamped to where float tanh rounds to 1). No
     * branches, so the JIT vectorises loops of it; several times faster than {@link Math#tanh}.
     */
    public static double floatTanh(double x) {
        double c = Math.max(-7.90531110763549805, Math.min(7.90531110763549805, x));
        double x2 = c * c;
        double p = -2.76076847742355e-16;
        p = p * x2 + 2.00018790482477e-13;
        p = p * x2 - 8.60467152213735e-11;
        p = p * x2 + 5.12229709037114e-08;
        p = p * x2 + 1.48572235717979e-05;
        p = p * x2 + 6.37261928875436e-04;
        p = p * x2 + 4.89352455891786e-03;
        double q = 1.19825839466702e-06;
        q = q * x2 + 1.18534705686654e-04;
        q = q * x2 + 2.26843463243900e-03;
        q = q * x2 + 4.89352518554385e-03;
        return c * p / q;
    }

    /** The YAML name. */
    @Override
    public String toString() {
        return configName;
    }
}
