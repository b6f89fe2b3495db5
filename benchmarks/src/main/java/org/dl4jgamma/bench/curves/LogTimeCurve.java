package org.dl4jgamma.bench.curves;

import java.util.Arrays;

/**
 * A positive curve (a loss) sampled at increasing positive times, usually a per-step curve averaged into bins of
 * equal width in log10 time. Interpolation is linear in {@code (log10 t, log10 value)}, the coordinates in which
 * plateaus, power laws and the time collapse are read.
 */
public final class LogTimeCurve {

    private final double[] times;
    private final double[] values;
    private final double[] logTimes;
    private final double[] logValues;

    /**
     * @param times  sampling times, strictly increasing, positive
     * @param values values at those times, positive and finite
     * @throws IllegalArgumentException naming the first bad time or value
     */
    public LogTimeCurve(double[] times, double[] values) {
        if (times.length != values.length) {
            throw new IllegalArgumentException(times.length + " times but " + values.length + " values; pass pairs");
        }
        for (int i = 0; i < times.length; i++) {
            if (!(times[i] > 0) || (i > 0 && !(times[i] > times[i - 1]))) {
                throw new IllegalArgumentException("time " + times[i] + " at index " + i + "; times must be positive"
                        + " and strictly increasing");
            }
            if (!(values[i] > 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("value " + values[i] + " at time " + times[i] + "; a log-time"
                        + " curve needs finite positive values (a loss)");
            }
        }
        this.times = times.clone();
        this.values = values.clone();
        this.logTimes = Arrays.stream(times).map(Math::log10).toArray();
        this.logValues = Arrays.stream(values).map(Math::log10).toArray();
    }

    /**
     * Averages a per-step curve into log-time bins. Step {@code i} (0-based) is time {@code t = i + 1}; it falls in
     * bin {@code k = floor(pointsPerDecade * log10 t)}. Each non-empty bin gives one point: the geometric mean of its
     * times and the arithmetic mean of its values. Non-finite or non-positive values (a diverged step) are skipped.
     *
     * @param perStep         one value per step
     * @param pointsPerDecade bins per factor of ten in time, at least 1
     * @return the binned curve, at most {@code pointsPerDecade * log10(n) + 1} points
     */
    public static LogTimeCurve binned(double[] perStep, int pointsPerDecade) {
        if (pointsPerDecade < 1) {
            throw new IllegalArgumentException("pointsPerDecade = " + pointsPerDecade + "; must be at least 1");
        }
        double[] times = new double[perStep.length];
        double[] values = new double[perStep.length];
        int points = 0;

        int i = 0;
        while (i < perStep.length) {
            int bin = binOf(i + 1, pointsPerDecade);
            double logTimeSum = 0;
            double valueSum = 0;
            int count = 0;
            int members = 0;
            for (; i < perStep.length && binOf(i + 1, pointsPerDecade) == bin; i++) {
                members++;
                logTimeSum += Math.log10(i + 1);
                if (perStep[i] > 0 && Double.isFinite(perStep[i])) {
                    valueSum += perStep[i];
                    count++;
                }
            }
            if (count > 0) {
                times[points] = Math.pow(10, logTimeSum / members);
                values[points] = valueSum / count;
                points++;
            }
        }
        return new LogTimeCurve(Arrays.copyOf(times, points), Arrays.copyOf(values, points));
    }

    private static int binOf(int step, int pointsPerDecade) {
        return (int) Math.floor(pointsPerDecade * Math.log10(step) + 1e-9);
    }

    /** @return number of points */
    public int size() {
        return times.length;
    }

    /** @return log10 of the first time */
    public double firstLogTime() {
        return logTimes[0];
    }

    /** @return log10 of the last time */
    public double lastLogTime() {
        return logTimes[logTimes.length - 1];
    }

    /**
     * @param logTime log10 t, within {@code [firstLogTime(), lastLogTime()]}
     * @return log10 of the value at t, linear interpolation in (log10 t, log10 value) between the two neighbours
     * @throws IllegalArgumentException outside the curve's time range
     */
    public double logValueAt(double logTime) {
        double first = firstLogTime();
        double last = lastLogTime();
        double slack = 1e-12 * Math.max(1, Math.abs(last));
        if (logTime < first - slack || logTime > last + slack) {
            throw new IllegalArgumentException("log10 t = " + logTime + " outside the curve's range [" + first + ", "
                    + last + "]; interpolation does not extrapolate");
        }
        int index = Arrays.binarySearch(logTimes, logTime);
        if (index >= 0) {
            return logValues[index];
        }
        if (logTimes.length == 1) {
            return logValues[0];
        }
        int upper = Math.min(Math.max(-index - 1, 1), logTimes.length - 1);
        int lower = upper - 1;
        double w = (logTime - logTimes[lower]) / (logTimes[upper] - logTimes[lower]);
        w = Math.max(0, Math.min(1, w));
        return (1 - w) * logValues[lower] + w * logValues[upper];
    }

    /**
     * @param logShift added to every log10 time, i.e. every time is multiplied by {@code 10^logShift}
     * @return the curve with rescaled time {@code t -> t * 10^logShift}
     */
    public LogTimeCurve shifted(double logShift) {
        double factor = Math.pow(10, logShift);
        double[] t = new double[times.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = times[i] * factor;
        }
        return new LogTimeCurve(t, values);
    }

    /** @return the sampling times (a copy) */
    public double[] times() {
        return times.clone();
    }

    /** @return the values (a copy) */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogTimeCurve c && Arrays.equals(times, c.times) && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(times) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "LogTimeCurve[" + times.length + " points, t = " + (times.length == 0 ? "-" : times[0] + ".."
                + times[times.length - 1]) + "]";
    }
}
