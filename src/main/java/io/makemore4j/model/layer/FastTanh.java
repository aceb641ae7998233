package io.makemore4j.model.layer;

/**
 * tanh and the logistic sigmoid to float accuracy, fast: for Java loops over many values (the
 * recurrent cells, the dilated model's sampler) where {@link Math#tanh} would cost more than the
 * matrix products around it.
 */
public final class FastTanh {

    private FastTanh() {
    }

    /**
     * tanh to float accuracy (absolute error below 3e-7): Eigen's rational approximation (a degree
     * 13 odd polynomial over a degree 6 even one, on x clamped to where float tanh rounds to 1). No
     * branches, so the JIT vectorises loops of it; several times faster than {@link Math#tanh}.
     */
    public static double tanh(double x) {
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

    /** The logistic sigmoid {@code 1 / (1 + e^-x)} as {@code (1 + tanh(x/2)) / 2}, to float accuracy. */
    public static double sigmoid(double x) {
        return 0.5 + 0.5 * tanh(0.5 * x);
    }
}
