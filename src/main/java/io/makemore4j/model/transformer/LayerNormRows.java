package io.makemore4j.model.transformer;

import io.makemore4j.model.layer.HostView;

/**
 * Layer normalisation over the channels of each row, as PyTorch's {@code nn.LayerNorm} (biased
 * variance, eps 1e-5), forward and backward, in Java on host views of {@code (rows, C)} arrays:
 *
 * <pre>
 *   xhat = (x - mean) * rstd,   rstd = 1 / sqrt(var + eps)      mean, var over the row's C channels
 *   y    = xhat * gain + bias
 *   backward, with dxhat = dy * gain:
 *   dgain += sum over rows of dy * xhat;   dbias += sum over rows of dy
 *   dx    = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
 * </pre>
 *
 * Only the first {@code used} rows are normalised; the padding rows after them are set to zero. A
 * training pass keeps each row's mean and rstd for the backward pass. Not thread-safe.
 */
public final class LayerNormRows {

    /** Added to the variance, as PyTorch's default. */
    static final double EPS = 1e-5;

    private final int channels;
    private final double[] row;
    private final double[] dxhat;
    private double[] mean = new double[0];   // (rows) of the last forward pass
    private double[] rstd = new double[0];

    public LayerNormRows(int channels) {
        this.channels = channels;
        this.row = new double[channels];
        this.dxhat = new double[channels];
    }

    /** {@code y = LayerNorm(x)} on rows {@code [0, used)}, zero on rows {@code [used, rows)}. */
    public void forward(HostView x, int used, int rows, double[] gain, double[] bias, HostView y) {
        int c = channels;
        if (mean.length < rows) {
            mean = new double[rows];
            rstd = new double[rows];
        }
        for (int r = 0; r < used; r++) {
            x.read(r * c, row, 0, c);
            double m = 0;
            for (int j = 0; j < c; j++) {
                m += row[j];
            }
            m /= c;
            double v = 0;
            for (int j = 0; j < c; j++) {
                double d = row[j] - m;
                v += d * d;
            }
            double s = 1.0 / Math.sqrt(v / c + EPS);
            mean[r] = m;
            rstd[r] = s;
            for (int j = 0; j < c; j++) {
                row[j] = (row[j] - m) * s * gain[j] + bias[j];
            }
            y.write(r * c, row, 0, c);
        }
        zeroRows(y, used, rows);
    }

    /**
     * {@code dx = residual + LayerNorm'(dy)} on rows {@code [0, used)} (zero on the padding rows), for the
     * {@code x} of the last {@link #forward}; adds the gain and bias gradients into {@code dGain}, {@code dBias}.
     *
     * @param residual a gradient added to dx (the residual stream's), or null
     */
    public void backward(HostView x, HostView dy, HostView residual, int used, int rows, double[] gain, double[] dGain,
            double[] dBias, HostView dx) {
        int c = channels;
        for (int r = 0; r < used; r++) {
            x.read(r * c, row, 0, c);
            double m = mean[r];
            double s = rstd[r];
            double meanDxhat = 0;
            double meanDxhatXhat = 0;
            for (int j = 0; j < c; j++) {
                double g = dy.get(r * c + j);
                double xhat = (row[j] - m) * s;
                row[j] = xhat;
                dGain[j] += g * xhat;
                dBias[j] += g;
                dxhat[j] = g * gain[j];
                meanDxhat += dxhat[j];
                meanDxhatXhat += dxhat[j] * xhat;
            }
            meanDxhat /= c;
            meanDxhatXhat /= c;
            for (int j = 0; j < c; j++) {
                double v = s * (dxhat[j] - meanDxhat - row[j] * meanDxhatXhat);
                row[j] = residual == null ? v : v + residual.get(r * c + j);
            }
            dx.write(r * c, row, 0, c);
        }
        zeroRows(dx, used, rows);
    }

    /** Sets rows {@code [from, to)} of a {@code (rows, C)} view to zero. */
    private void zeroRows(HostView a, int from, int to) {
        for (int i = from * channels; i < to * channels; i++) {
            a.set(i, 0.0);
        }
    }
}
