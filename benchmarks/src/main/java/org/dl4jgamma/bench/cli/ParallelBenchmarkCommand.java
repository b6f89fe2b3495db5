package org.dl4jgamma.bench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.commons.math3.stat.StatUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-gamma bench-parallel}: a benchmark, not a test. Runs the same sweep with {@code --parallel 1} and
 * {@code --parallel 2} in this JVM, each into a fresh temporary directory, and prints both wall times and their
 * ratio {@code t(parallel 2) / t(parallel 1)} (ideal on two cores: 0.5). The sweep is {@code --quick} (options
 * given after {@code --} override its settings, as they do for the sweep itself) unless {@code --full} asks for
 * the default sweep. A warm-up sweep runs first so that neither timed run pays for class loading and JIT
 * compilation alone.
 */
@Command(name = "bench-parallel", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Benchmark: wall time of the same sweep with --parallel 1 and --parallel 2, and their ratio,"
                + " after a warm-up run.",
            "The sweep is --quick, with any sweep options given after -- on top (e.g. bench-parallel -- --depths 2,3"
                + " --data-dir DIR), or the default sweep with --full."})
public final class ParallelBenchmarkCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelBenchmarkCommand.class);

    @Option(names = "--repeats", paramLabel = "R", description = "Timed runs per setting (the median is reported).",
            defaultValue = "1")
    private int repeats;

    @Option(names = "--full", description = "Time the default sweep instead of --quick (about 3 minutes).")
    private boolean full;

    @CommandLine.Parameters(paramLabel = "SWEEP_OPTION", description = "Options passed to every sweep.")
    private List<String> sweepOptions = new ArrayList<>();

    @Override
    public Integer call() {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        }
        List<String> base = new ArrayList<>(sweepOptions);
        if (!full && !base.contains("--quick")) {
            base.add(0, "--quick");
        }

        LOG.info("bench-parallel: warm-up sweep ({})", String.join(" ", base));
        timeSweep(base, 2);
        double[] serial = new double[repeats];
        double[] parallel = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            LOG.info("bench-parallel: run {}/{} with --parallel 1", r + 1, repeats);
            serial[r] = timeSweep(base, 1);
            LOG.info("bench-parallel: run {}/{} with --parallel 2", r + 1, repeats);
            parallel[r] = timeSweep(base, 2);
            System.out.printf(Locale.ROOT, "run %d/%d: --parallel 1 %.1f s, --parallel 2 %.1f s%n", r + 1, repeats,
                    serial[r], parallel[r]);
        }

        double s = StatUtils.percentile(serial, 50.0);
        double p = StatUtils.percentile(parallel, 50.0);
        System.out.printf(Locale.ROOT, "sweep %s: --parallel 1 %.1f s, --parallel 2 %.1f s, ratio %.2f"
                + " (ideal 0.50 on 2 cores)%n", String.join(" ", base), s, p, p / s);
        return 0;
    }

    private static double timeSweep(List<String> options, int parallel) {
        try (InProcessSweep sweep = InProcessSweep.run(options, parallel)) {
            return sweep.wallSeconds();
        }
    }
}
