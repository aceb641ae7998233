package io.makemore4j.model.layer;

/**
 * Batch norm in inference as a per-channel affine map: with the running statistics,
 * {@code gamma * (z - mean) / sqrt(var + eps) + beta = z * scale + shift}, where
 *
 * <pre>
 *   scale = gamma / sqrt(var + eps)
 *   shift = beta - mean * scale
 * </pre>
 *
 * so that a linear map followed by batch norm is the linear map with its weights' columns scaled
 * and a bias. The one definition of the fold, used by the fused layers' inference
 * ({@link FusedLinearBatchNormLayer}) and the dilated sampler.
 */
public final class BatchNormFold {

    private BatchNormFold() {
    }

    /**
     * Writes {@code scale} and {@code shift}, each {@code (nOut)} as the inputs. Channel by channel,
     * so the outputs may be the arrays of {@code mean} and {@code var}.
     */
    public static void fold(double[] gamma, double[] beta, double[] mean, double[] var, double eps, double[] scale,
                            double[] shift) {
        for (int j = 0; j < gamma.length; j++) {
            double a = gamma[j] / Math.sqrt(var[j] + eps);
            double b = beta[j] - mean[j] * a;
            scale[j] = a;
            shift[j] = b;
        }
    }
}
