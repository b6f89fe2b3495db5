package org.dl4jgamma.bench.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * A logarithmic grid {@code value(k) = 10^(k / pointsPerDecade)} for integer k. With two points per decade the
 * grid is 1e-3, 10^-2.5, 1e-2, ... ("half a decade" apart). Working with the integer index avoids comparing
 * floating-point values: two grid values are the same point exactly when their indices are equal.
 */
public final class LogGrid {

    private final int pointsPerDecade;

    /**
     * @param pointsPerDecade grid points per factor of ten, at least 1
     */
    public LogGrid(int pointsPerDecade) {
        if (pointsPerDecade < 1) {
            throw new IllegalArgumentException("pointsPerDecade = " + pointsPerDecade + "; must be at least 1");
        }
        this.pointsPerDecade = pointsPerDecade;
    }

    /** @return grid points per factor of ten */
    public int pointsPerDecade() {
        return pointsPerDecade;
    }

    /**
     * @param index grid index k
     * @return {@code 10^(k / pointsPerDecade)}
     */
    public double value(int index) {
        return Math.pow(10.0, (double) index / pointsPerDecade);
    }

    /**
     * @param value a positive number
     * @return the index of the grid point nearest to {@code value} in log scale,
     *         {@code round(pointsPerDecade * log10(value))}
     */
    public int nearestIndex(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value = " + value + "; a log grid needs a finite positive value");
        }
        return (int) Math.round(pointsPerDecade * Math.log10(value));
    }

    /**
     * @param min smallest value wanted, positive
     * @param max largest value wanted, at least {@code min}
     * @return the grid values from the point nearest {@code min} to the point nearest {@code max}, ascending
     */
    public List<Double> valuesBetween(double min, double max) {
        if (!(min > 0) || !(max >= min)) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "]; need 0 < min <= max");
        }
        List<Double> values = new ArrayList<>();
        for (int k = nearestIndex(min); k <= nearestIndex(max); k++) {
            values.add(value(k));
        }
        return values;
    }
}
