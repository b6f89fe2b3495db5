package org.dl4jgamma.bench.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dl4j-gamma} command line. Subcommands: {@code sweep} ({@link SweepCommand}), {@code curves}
 * ({@link CurvesCommand}), {@code tune} ({@link TuneCommand}), and the benchmarks {@code threads}
 * ({@link ThreadsCommand}), {@code bench-parallel} ({@link ParallelBenchmarkCommand}) and {@code perf}
 * ({@link PerfCommand}). Run it with the {@code ./dl4j-gamma} launcher at the repository root, e.g.
 * {@code ./dl4j-gamma sweep --quick}.
 */
@Command(name = "dl4j-gamma", mixinStandardHelpOptions = true, version = "dl4j-gamma 0.1.0",
        description = "Experiments on feature-learning strength gamma0 and learning rate eta0 with Deeplearning4j.",
        subcommands = {SweepCommand.class, CurvesCommand.class, TuneCommand.class, ThreadsCommand.class,
            ParallelBenchmarkCommand.class, PerfCommand.class, CommandLine.HelpCommand.class})
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

    /**
     * The command line, with case-insensitive enum values, and exception handlers that report in one line rather
     * than a stack trace or the whole usage: an option that cannot be parsed, or an {@link IllegalArgumentException}
     * (bad input) escaping a subcommand, with status 2, anything else with status 1.
     *
     * @return the configured command line, for {@link #main} and tests
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new GammaCli());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(GammaCli::reportInOneLine);
        commandLine.setParameterExceptionHandler(GammaCli::reportParseErrorInOneLine);
        return commandLine;
    }

    /**
     * An option the command line cannot parse (an unknown option, a value of the wrong type or outside an enum's
     * choices): one line naming it, where to find the usage, status 2.
     */
    private static int reportParseErrorInOneLine(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName(" ");
        command.getErr().println(name + ": " + e.getMessage() + "; see '" + name + " --help'");
        command.getErr().flush();
        return 2;
    }

    private static int reportInOneLine(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(GammaCli.class).debug("{} failed", command.getCommandName(), e);
        String name = "dl4j-gamma " + command.getCommandName();
        if (e instanceof IllegalArgumentException) {
            command.getErr().println(name + ": " + e.getMessage());
            command.getErr().flush();
            return 2;
        }
        command.getErr().println(name + ": " + SweepCommand.describeFailure(e) + " [" + e.getClass().getSimpleName()
                + "]");
        command.getErr().flush();
        return 1;
    }

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
