package org.dl4jgamma.bench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the {@code dl4j-gamma} command line in the test's JVM, as the command-line tests do. */
final class CommandLines {

    private CommandLines() {
    }

    /**
     * @param console receives everything the command prints, standard output and errors together
     * @param args    the command line, starting with the subcommand
     * @return the exit status
     */
    static int run(StringWriter console, String... args) {
        CommandLine cli = GammaCli.commandLine();
        cli.setOut(new PrintWriter(console));
        cli.setErr(new PrintWriter(console));
        return cli.execute(args);
    }
}
