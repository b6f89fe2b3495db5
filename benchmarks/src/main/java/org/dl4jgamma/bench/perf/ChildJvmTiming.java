package org.dl4jgamma.bench.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.stat.StatUtils;

/**
 * Times the DL4J path's step ({@link Dl4jStepProbe}) in child JVMs, for settings that a JVM reads once at start-up
 * (JavaCPP's memory limits, for one): each child runs with this JVM's own options plus or minus the ones compared,
 * and the two settings alternate over the repetitions.
 */
public final class ChildJvmTiming {

    private ChildJvmTiming() {
    }

    /**
     * @return the options this JVM was started with (heap size, system properties), as a child inherits them
     */
    public static List<String> ownOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    /**
     * Measures {@code t(options a) / t(options b)}, children started alternately a, b, a, b, ...
     *
     * @param a       JVM options of the numerator's children
     * @param b       JVM options of the denominator's children
     * @param repeats children of each, at least 1
     * @param blocks  timed blocks in each child (the child reports their median), at least 1
     * @param steps   steps per block, at least 1
     * @return the ratio, over the per-repetition ratios
     * @throws IllegalStateException if a child fails, with its output
     */
    public static StepTiming.Ratio ratio(List<String> a, List<String> b, int repeats, int blocks, int steps) {
        if (repeats < 1 || blocks < 1 || steps < 1) {
            throw new IllegalArgumentException("repeats = " + repeats + ", blocks = " + blocks + ", steps = " + steps
                    + "; all must be at least 1");
        }
        double[] msA = new double[repeats];
        double[] msB = new double[repeats];
        double[] ratios = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            msA[r] = msPerStep(a, blocks, steps);
            msB[r] = msPerStep(b, blocks, steps);
            ratios[r] = msA[r] / msB[r];
        }
        return new StepTiming.Ratio(StatUtils.percentile(ratios, 50.0), Arrays.stream(ratios).min().orElseThrow(),
                Arrays.stream(ratios).max().orElseThrow(), StatUtils.percentile(msA, 50.0),
                StatUtils.percentile(msB, 50.0));
    }

    /**
     * Runs one child.
     *
     * @param options JVM options of the child
     * @param blocks  timed blocks
     * @param steps   steps per block
     * @return the child's median time per step, in ms
     */
    static double msPerStep(List<String> options, int blocks, int steps) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Dl4jStepProbe.class.getName(),
                Integer.toString(blocks), Integer.toString(steps)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);

        List<String> output = new ArrayList<>();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            }
            int exit = process.waitFor();
            String result = output.stream().filter(l -> l.startsWith("ms_per_step=")).reduce((x, y) -> y)
                    .orElse(null);
            if (exit != 0 || result == null) {
                throw new IllegalStateException("the timing child " + options + " failed (exit " + exit + "): "
                        + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
            }
            return Double.parseDouble(result.substring("ms_per_step=".length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the timing child " + command.get(0) + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the timing child", e);
        }
    }
}
