package org.dl4jgamma.bench.curves;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Synthetic loss curves with known plateaus, steps and time scales, for the detector and collapse tests. */
final class SyntheticCurves {

    private SyntheticCurves() {
    }

    /**
     * A staircase {@code L(t) = floor + sum_i drop_i / (1 + (t / t_i)^sharpness)}.
     *
     * @param floor     the loss at t -> infinity
     * @param drops     the height of each step
     * @param times     the centre t_i of each step
     * @param sharpness the exponent k, larger = sharper
     * @return L as a function of t
     */
    static DoubleUnaryOperator staircase(double floor, double[] drops, double[] times, double sharpness) {
        return t -> {
            double sum = floor;
            for (int i = 0; i < drops.length; i++) {
                sum += drops[i] / (1 + Math.pow(t / times[i], sharpness));
            }
            return sum;
        };
    }

    /**
     * @param loss  L(t)
     * @param steps number of steps; step i is t = i + 1
     * @param noise relative noise: each value is multiplied by {@code exp(noise * N(0, 1))}, 0 for none
     * @param seed  seed of the noise
     * @return the per-step curve
     */
    static double[] sample(DoubleUnaryOperator loss, int steps, double noise, long seed) {
        Random random = new Random(seed);
        double[] curve = new double[steps];
        for (int i = 0; i < steps; i++) {
            curve[i] = loss.applyAsDouble(i + 1) * Math.exp(noise * random.nextGaussian());
        }
        return curve;
    }

    /**
     * The time at which {@code L} first falls to {@code level}, by bisection in log t on {@code [1, tMax]}; L must be
     * decreasing.
     */
    static double crossing(DoubleUnaryOperator loss, double level, double tMax) {
        double lo = 0;
        double hi = Math.log10(tMax);
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (loss.applyAsDouble(Math.pow(10, mid)) > level) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.pow(10, 0.5 * (lo + hi));
    }

    /** The log10 t of the fastest fall of log10 L per log10 t within {@code [from, to]}, on a grid of 1e-4 decade. */
    static double steepest(DoubleUnaryOperator loss, double from, double to) {
        double best = Double.NaN;
        double bestRate = Double.NEGATIVE_INFINITY;
        double h = 1e-4;
        for (double u = Math.log10(from); u <= Math.log10(to); u += h) {
            double rate = -(Math.log10(loss.applyAsDouble(Math.pow(10, u + h)))
                    - Math.log10(loss.applyAsDouble(Math.pow(10, u - h)))) / (2 * h);
            if (rate > bestRate) {
                bestRate = rate;
                best = u;
            }
        }
        return best;
    }
}
