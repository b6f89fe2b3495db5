package org.dl4jgamma.bench.perf;

import java.util.Arrays;

import org.apache.commons.math3.stat.StatUtils;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Times two kinds of training step in interleaved blocks, so that both see the same machine state, and reports the
 * ratio of their per-step times: for each repetition {@code r}, {@code ratio_r = t_a(r) / t_b(r)} with {@code t} the
 * mean time per step of one block; the median and the spread (min, max) of the ratios are reported, with the median
 * per-step time of each side.
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

    /** A block of steps that times itself: a DL4J network, the sweep engine, or a PyTorch process. */
    @FunctionalInterface
    public interface Block {

        /**
         * Runs {@code steps} steps.
         *
         * @param steps steps to run, at least 1
         * @return wall time per step, in ms
         */
        double msPerStep(int steps);
    }

    /**
     * A measured ratio.
     *
     * @param median median of the per-repetition ratios
     * @param min smallest ratio
     * @param max largest ratio
     * @param msA median per-step time of the first side, in ms
     * @param msB median per-step time of the second side, in ms
     */
    public record Ratio(double median, double min, double max, double msA, double msB) {
    }

    private StepTiming() {
    }

    /**
     * @param trainer a network's step
     * @param batch   the batch it trains on at every step
     * @return a block that times {@code steps} calls of the trainer
     */
    public static Block block(Trainer trainer, DataSet batch) {
        return steps -> {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step(batch);
            }
            return (System.nanoTime() - start) / 1e6 / steps;
        };
    }

    /**
     * Measures {@code t_a / t_b} for two trainers on one batch.
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
        return ratio(block(a, batch), block(b, batch), warmUp, steps, repeats);
    }

    /**
     * Measures {@code t_a / t_b} for two blocks.
     *
     * @param a the first side
     * @param b the second side
     * @param warmUp warm-up steps of each before timing, 0 for none
     * @param steps steps per timed block, at least 1
     * @param repeats timed blocks of each (interleaved a, b, a, b, ...), at least 1
     * @return the ratio
     * @throws IllegalArgumentException if {@code steps} or {@code repeats} is below 1 or {@code warmUp} below 0
     */
    public static Ratio ratio(Block a, Block b, int warmUp, int steps, int repeats) {
        if (warmUp < 0 || steps < 1 || repeats < 1) {
            throw new IllegalArgumentException("warmUp = " + warmUp + ", steps = " + steps + ", repeats = " + repeats
                    + "; need warmUp >= 0, steps >= 1 and repeats >= 1");
        }
        if (warmUp > 0) {
            a.msPerStep(warmUp);
            b.msPerStep(warmUp);
        }

        double[] ratios = new double[repeats];
        double[] msA = new double[repeats];
        double[] msB = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            msA[r] = a.msPerStep(steps);
            msB[r] = b.msPerStep(steps);
            ratios[r] = msA[r] / msB[r];
        }
        return new Ratio(median(ratios), Arrays.stream(ratios).min().orElse(Double.NaN),
                Arrays.stream(ratios).max().orElse(Double.NaN), median(msA), median(msB));
    }

    private static double median(double[] values) {
        return StatUtils.percentile(values, 50.0);
    }
}
