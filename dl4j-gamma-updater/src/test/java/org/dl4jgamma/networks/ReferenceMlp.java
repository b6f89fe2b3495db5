package org.dl4jgamma.networks;

/**
 * An independent implementation of the paper's parameterization in plain Java doubles (no DL4J, no project
 * classes), used to check that the DL4J network trains exactly like it:
 *
 * <pre>
 *   z_l = (h_{l-1} W_l + b_l) / sqrt(fan_in_l),  h_l = relu(z_l)        l = 1 .. L-1
 *   f   = (h_{L-1} W_L + b_L) / (N gamma0)   [ - the same with the initial parameters, if centered ]
 *   MSE:  loss = sum (f - y)^2 / (B K)        CE: loss = -sum y log softmax(f) / B
 *   SGD:  theta -= lr * dloss/dtheta,  lr = N * eta0
 * </pre>
 * Weights are stored [fan_in][fan_out]; examples are rows.
 */
final class ReferenceMlp {

    final double[][][] w;
    final double[][] b;
    private final double[][][] w0;
    private final double[][] b0;
    private final int width;
    private final double gamma0;
    private final boolean centered;
    private final boolean crossEntropy;

    ReferenceMlp(double[][][] w, double[][] b, int width, double gamma0, boolean centered, boolean crossEntropy) {
        this.w = w;
        this.b = b;
        this.w0 = deepCopy(w);
        this.b0 = deepCopy(b);
        this.width = width;
        this.gamma0 = gamma0;
        this.centered = centered;
        this.crossEntropy = crossEntropy;
    }

    /** One SGD step on (x, y); returns the loss before the step. */
    double step(double[][] x, double[][] y, double lr) {
        int layers = w.length;
        double[][][] h = new double[layers][][];
        double[][][] z = new double[layers][][];
        double[][] f = forward(x, w, b, h, z);
        if (centered) {
            f = subtract(f, forward(x, w0, b0, new double[layers][][], new double[layers][][]));
        }

        int rows = x.length;
        int k = f[0].length;
        double loss = 0;
        double[][] grad = new double[rows][k];
        for (int i = 0; i < rows; i++) {
            if (crossEntropy) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : f[i]) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : f[i]) {
                    sum += Math.exp(v - max);
                }
                for (int j = 0; j < k; j++) {
                    double p = Math.exp(f[i][j] - max) / sum;
                    loss -= y[i][j] * Math.log(p) / rows;
                    grad[i][j] = (p - y[i][j]) / rows;
                }
            } else {
                for (int j = 0; j < k; j++) {
                    double d = f[i][j] - y[i][j];
                    loss += d * d / (rows * k);
                    grad[i][j] = 2 * d / (rows * k);
                }
            }
        }

        for (int l = layers - 1; l >= 0; l--) {
            double scale = l == layers - 1 ? 1.0 / (width * gamma0) : 1.0 / Math.sqrt(w[l].length);
            double[][] in = l == 0 ? x : h[l - 1];
            double[][] gradIn = new double[rows][w[l].length];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < w[l][0].length; o++) {
                    double g = grad[r][o] * scale;
                    for (int p = 0; p < w[l].length; p++) {
                        gradIn[r][p] += g * w[l][p][o];
                    }
                }
            }
            for (int o = 0; o < w[l][0].length; o++) {
                double gb = 0;
                for (int r = 0; r < rows; r++) {
                    gb += grad[r][o] * scale;
                }
                for (int p = 0; p < w[l].length; p++) {
                    double gw = 0;
                    for (int r = 0; r < rows; r++) {
                        gw += in[r][p] * grad[r][o] * scale;
                    }
                    w[l][p][o] -= lr * gw;
                }
                b[l][o] -= lr * gb;
            }
            if (l > 0) {
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < gradIn[r].length; p++) {
                        gradIn[r][p] = z[l - 1][r][p] > 0 ? gradIn[r][p] : 0.0;
                    }
                }
            }
            grad = gradIn;
        }
        return loss;
    }

    private double[][] forward(double[][] x, double[][][] ws, double[][] bs, double[][][] h, double[][][] z) {
        double[][] in = x;
        int layers = ws.length;
        for (int l = 0; l < layers; l++) {
            double scale = l == layers - 1 ? 1.0 / (width * gamma0) : 1.0 / Math.sqrt(ws[l].length);
            double[][] out = new double[in.length][ws[l][0].length];
            for (int r = 0; r < in.length; r++) {
                for (int o = 0; o < out[r].length; o++) {
                    double s = bs[l][o];
                    for (int p = 0; p < in[r].length; p++) {
                        s += in[r][p] * ws[l][p][o];
                    }
                    out[r][o] = s * scale;
                }
            }
            if (l == layers - 1) {
                return out;
            }
            z[l] = out;
            h[l] = new double[out.length][out[0].length];
            for (int r = 0; r < out.length; r++) {
                for (int o = 0; o < out[r].length; o++) {
                    h[l][r][o] = Math.max(0.0, out[r][o]);
                }
            }
            in = h[l];
        }
        throw new IllegalStateException("no layers");
    }

    private static double[][] subtract(double[][] a, double[][] c) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] - c[i][j];
            }
        }
        return out;
    }

    private static double[][][] deepCopy(double[][][] a) {
        double[][][] c = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            c[i] = deepCopy(a[i]);
        }
        return c;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
