package org.dl4jgamma.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dl4j-gamma} command line. Subcommands: {@code sweep} (see {@link SweepCommand}), and the benchmarks
 * {@code threads} ({@link ThreadsCommand}) and {@code bench-parallel} ({@link ParallelBenchmarkCommand}). Run it
 * with the {@code ./dl4j-gamma} launcher at the repository root, e.g. {@code ./dl4j-gamma sweep --quick}.
 */
@Command(name = "dl4j-gamma", mixinStandardHelpOptions = true, version = "dl4j-gamma 0.1.0",
        description = "Experiments on feature-learning strength gamma0 and learning rate eta0 with Deeplearning4j.",
        subcommands = {SweepCommand.class, CurvesCommand.class, ThreadsCommand.class, ParallelBenchmarkCommand.class,
            CommandLine.HelpCommand.class})
public final class GammaCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** @return the configured command line, for {@link #main} and tests */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new GammaCli());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
