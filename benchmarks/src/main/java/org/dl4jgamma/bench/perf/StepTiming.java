package org.dl4jgamma.bench.perf;

import java.util.Arrays;

import org.apache.commons.math3.stat.StatUtils;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Times SGD steps of two trainers in interleaved blocks, so that both see the same machine state, and reports the
 * ratio of their per-step times: for each repetition {@code r}, {@code ratio_r = t_a(r) / t_b(r)} with {@code t} the
 * mean time of a block of steps; the median and the spread (min, max) of the ratios are reported.
 */
public final class StepTiming {

    /** One SGD step of some network on a batch. */
    @FunctionalInterface
    public interface Trainer {

        /**
         * Runs one step.
         *
         * @param batch the batch
         */
        void step(DataSet batch);
    }

    /**
     * A measured ratio.
     *
     * @param median median of the per-repetition ratios
     * @param min smallest ratio
     * @param max largest ratio
     * @param msA median per-step time of the first trainer, in ms
     * @param msB median per-step time of the second trainer, in ms
     */
    public record Ratio(double median, double min, double max, double msA, double msB) {
    }

    private StepTiming() {
    }

    /**
     * Measures {@code t_a / t_b}.
     *
     * @param a the first trainer
     * @param b the second trainer
     * @param batch the batch both train on
     * @param warmUp warm-up steps of each before timing
     * @param steps steps per timed block
     * @param repeats timed blocks of each (interleaved a, b, a, b, ...)
     * @return the ratio
     */
    public static Ratio ratio(Trainer a, Trainer b, DataSet batch, int warmUp, int steps, int repeats) {
        for (int i = 0; i < warmUp; i++) {
            a.step(batch);
            b.step(batch);
        }

        double[] ratios = new double[repeats];
        double[] msA = new double[repeats];
        double[] msB = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            msA[r] = block(a, batch, steps);
            msB[r] = block(b, batch, steps);
            ratios[r] = msA[r] / msB[r];
        }
        return new Ratio(median(ratios), Arrays.stream(ratios).min().orElse(Double.NaN),
                Arrays.stream(ratios).max().orElse(Double.NaN), median(msA), median(msB));
    }

    private static double block(Trainer t, DataSet batch, int steps) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            t.step(batch);
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static double median(double[] values) {
        return StatUtils.percentile(values, 50.0);
    }
}
