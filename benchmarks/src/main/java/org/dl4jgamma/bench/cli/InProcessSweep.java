package org.dl4jgamma.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import picocli.CommandLine;

/**
 * Runs {@code dl4j-gamma sweep} inside this JVM, for the benchmarks that time whole sweeps ({@code bench-parallel},
 * {@code perf}): the given sweep options plus {@code --parallel}, {@code --out} (a fresh temporary directory) and
 * {@code --no-progress}, with the sweep's console output discarded.
 */
final class InProcessSweep implements AutoCloseable {

    private final Path out;
    private final double wallSeconds;
    private final double trainingSeconds;

    private InProcessSweep(Path out, double wallSeconds, double trainingSeconds) {
        this.out = out;
        this.wallSeconds = wallSeconds;
        this.trainingSeconds = trainingSeconds;
    }

    /**
     * Runs one sweep.
     *
     * @param options  sweep options (without --parallel, --out and --no-progress)
     * @param parallel the sweep's {@code --parallel}
     * @return the finished sweep; close it to delete its output directory
     * @throws IllegalArgumentException when the sweep rejects the options, with its first error line
     */
    static InProcessSweep run(List<String> options, int parallel) {
        Path out;
        try {
            out = Files.createTempDirectory("dl4j-gamma-sweep");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the sweep", e);
        }
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--parallel", Integer.toString(parallel), "--out", out.toString(), "--no-progress"));
        SweepCommand command = new SweepCommand();
        CommandLine sweep = new CommandLine(command);
        sweep.setCaseInsensitiveEnumValuesAllowed(true);
        sweep.setOut(new PrintWriter(new StringWriter()));
        StringWriter errors = new StringWriter();
        sweep.setErr(new PrintWriter(errors, true));

        long start = System.nanoTime();
        int status = sweep.execute(args.toArray(new String[0]));
        double seconds = (System.nanoTime() - start) / 1e9;

        InProcessSweep result = new InProcessSweep(out, seconds, command.sweepSeconds());
        if (status != 0) {
            result.close();
            String first = errors.toString().lines().findFirst().orElse("exit " + status);
            throw new IllegalArgumentException("the sweep options " + options + " were rejected: " + first);
        }
        return result;
    }

    /** @return the sweep's output directory (results.csv and the rest), until {@link #close()} */
    Path out() {
        return out;
    }

    /** @return wall time of the whole command: loading the data, the trials, the analysis and the plots */
    double wallSeconds() {
        return wallSeconds;
    }

    /** @return wall time of the trials alone, as the sweep logs it ("Sweep finished in ...") */
    double trainingSeconds() {
        return trainingSeconds;
    }

    /** Deletes the output directory. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(out)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the sweep's temporary directory " + out, e);
        }
    }
}
