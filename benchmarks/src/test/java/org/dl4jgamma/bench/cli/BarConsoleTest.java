package org.dl4jgamma.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The progress bar and log lines share a console without running into each other. */
class BarConsoleTest {

    /** @return what a terminal shows on each line: the text after the last carriage return, trailing blanks cut */
    private static List<String> visibleLines(ByteArrayOutputStream terminal) {
        return Arrays.stream(terminal.toString(StandardCharsets.UTF_8).split("\n"))
                .map(line -> line.substring(line.lastIndexOf('\r') + 1).stripTrailing()).toList();
    }

    @Test
    void everyLogLineStartsOnItsOwnLineAndTheBarStaysBelow() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        BarConsole console = new BarConsole(new PrintStream(terminal, true, StandardCharsets.UTF_8), 60);

        console.accept("sweep 20% [==  ] 1/5 points, diverged 0");
        console.logStream().print("17:32:10 INFO  reference L=2 gamma0=1\n");
        console.accept("sweep 40% [==== ] 2/5 points, diverged 1");
        console.logStream().print("17:32:11 INFO  reference L=2 gamma0=10\n");
        console.close();

        assertEquals(List.of("17:32:10 INFO  reference L=2 gamma0=1", "17:32:11 INFO  reference L=2 gamma0=10",
                "sweep 40% [==== ] 2/5 points, diverged 1"), visibleLines(terminal));
    }

    @Test
    void theBarWaitsWhileALineIsHalfWritten() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        BarConsole console = new BarConsole(new PrintStream(terminal, true, StandardCharsets.UTF_8), 60);

        console.logStream().print("half ");
        console.accept("sweep 60%");
        console.logStream().print("a line\n");
        console.close();

        List<String> lines = visibleLines(terminal);
        assertEquals("half a line", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("sweep 60%"), lines.toString());
    }
}
