package org.dl4jgamma.bench.analysis;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A least-squares power law {@code y = c * x^slope}, fitted as the straight line
 * {@code log10 y = log10 c + slope * log10 x} (ordinary least squares, commons-math3 {@link SimpleRegression}).
 *
 * @param slope       fitted exponent
 * @param slopeStdErr standard error of the slope, {@code sqrt(SSE / (n - 2) / sum (u_i - mean u)^2)} with
 *                    {@code u = log10 x}; NaN with fewer than three points
 * @param intercept   fitted {@code log10 c}
 * @param n           number of points
 */
public record PowerLawFit(double slope, double slopeStdErr, double intercept, int n) {

    /**
     * @param x positive abscissae (e.g. gamma0)
     * @param y positive ordinates (e.g. eta0*), same length as {@code x}
     * @return the fit
     * @throws IllegalArgumentException with fewer than two points, unequal lengths, a non-positive value, or all
     *                                  {@code x} equal
     */
    public static PowerLawFit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values; pass pairs");
        }
        if (x.length < 2) {
            throw new IllegalArgumentException(x.length + " points; a power-law fit needs at least 2");
        }

        SimpleRegression regression = new SimpleRegression(true);
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(y[i] > 0) || Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("point (" + x[i] + ", " + y[i] + "); a log-log fit needs finite"
                        + " positive values");
            }
            regression.addData(Math.log10(x[i]), Math.log10(y[i]));
        }

        double slope = regression.getSlope();
        if (Double.isNaN(slope)) {
            throw new IllegalArgumentException("all " + x.length + " x values are equal; the slope is undefined");
        }
        double stdErr = x.length < 3 ? Double.NaN : regression.getSlopeStdErr();
        return new PowerLawFit(slope, stdErr, regression.getIntercept(), x.length);
    }

    /** @return the prefactor {@code c = 10^intercept} */
    public double prefactor() {
        return Math.pow(10.0, intercept);
    }

    /**
     * @param x a positive abscissa
     * @return {@code c * x^slope}
     */
    public double predict(double x) {
        return prefactor() * Math.pow(x, slope);
    }
}
