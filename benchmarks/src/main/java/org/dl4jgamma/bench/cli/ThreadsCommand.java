package org.dl4jgamma.bench.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.commons.math3.stat.StatUtils;
import org.dl4jgamma.bench.threads.StepTimer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma threads}: measures, in one run, how ND4J's OpenMP settings change the cost of a DL4J training
 * step on this machine. Each setting runs {@link StepTimer} in a child JVM (OpenMP reads its settings once, at
 * start-up); the settings are interleaved over the repetitions, and the medians and their ratios to the
 * one-thread setting are printed.
 */
@Command(name = "threads", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Time one DL4J training step (MLP 784-256x3-10, float, batch 128), a matrix product and an"
                + " element-wise op under OMP_NUM_THREADS=1, =2 and =2 with OMP_WAIT_POLICY=passive, each in its own"
                + " JVM, and print the medians and the ratios to OMP_NUM_THREADS=1.",
            "Runs 3 x --repeats child JVMs one after another; with the defaults that takes about "
                + ThreadsCommand.DEFAULT_MINUTES + " minute(s) on a two-core machine (each child starts ND4J, warms"
                + " up, then times --steps steps)."})
public final class ThreadsCommand implements Callable<Integer> {

    /** Rough duration with the default options, for the help text. */
    static final String DEFAULT_MINUTES = "1";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--repeats", paramLabel = "R", description = "Child runs per setting (interleaved).",
            defaultValue = "3")
    private int repeats;

    @Option(names = "--steps", paramLabel = "T", description = "Timed training steps per child run.",
            defaultValue = "300")
    private int steps;

    /**
     * Runs the children and prints the table.
     *
     * @return 0 when done, 2 for a bad option (reported in one line)
     * @throws IOException          if a child cannot be started
     * @throws InterruptedException if interrupted while waiting for a child
     */
    @Override
    public Integer call() throws IOException, InterruptedException {
        String bad = repeats < 1 ? "--repeats must be >= 1, got " + repeats
                : steps < 1 ? "--steps must be >= 1, got " + steps : null;
        if (bad != null) {
            spec.commandLine().getErr().println("dl4j-gamma threads: " + bad);
            spec.commandLine().getErr().flush();
            return 2;
        }

        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        settings.put("OMP_NUM_THREADS=1", Map.of("OMP_NUM_THREADS", "1"));
        settings.put("OMP_NUM_THREADS=2", Map.of("OMP_NUM_THREADS", "2"));
        settings.put("OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive",
                Map.of("OMP_NUM_THREADS", "2", "OMP_WAIT_POLICY", "passive"));

        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        settings.keySet().forEach(k -> samples.put(k, new ArrayList<>()));
        for (int r = 0; r < repeats; r++) {
            for (Map.Entry<String, Map<String, String>> s : settings.entrySet()) {
                double[] m = runChild(s.getValue());
                samples.get(s.getKey()).add(m);
                System.out.printf(Locale.ROOT, "run %d/%d  %-42s step %8.3f ms  gemm %7.3f ms  add %7.1f us%n",
                        r + 1, repeats, s.getKey(), m[0], m[1], m[2]);
            }
        }

        double[] base = medians(samples.get("OMP_NUM_THREADS=1"));
        System.out.printf(Locale.ROOT, "%n%-42s %12s %12s %12s %10s%n", "median of " + repeats + " runs", "step ms",
                "gemm ms", "add us", "step/1thr");
        for (Map.Entry<String, List<double[]>> e : samples.entrySet()) {
            double[] m = medians(e.getValue());
            System.out.printf(Locale.ROOT, "%-42s %12.3f %12.3f %12.1f %10.2f%n", e.getKey(), m[0], m[1], m[2],
                    m[0] / base[0]);
        }
        return 0;
    }

    private double[] runChild(Map<String, String> env) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                StepTimer.class.getName(), "50", Integer.toString(steps));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();

        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                if (line.startsWith("step_ms=")) {
                    result = line;
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException("The timing child failed (exit " + p.exitValue() + "): "
                    + String.join("\n", output));
        }

        double[] values = new double[3];
        String[] parts = result.split(" ");
        for (int i = 0; i < 3; i++) {
            values[i] = Double.parseDouble(parts[i].substring(parts[i].indexOf('=') + 1));
        }
        return values;
    }

    private static double[] medians(List<double[]> runs) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            final int k = i;
            out[i] = StatUtils.percentile(runs.stream().mapToDouble(a -> a[k]).toArray(), 50.0);
        }
        return out;
    }

}
