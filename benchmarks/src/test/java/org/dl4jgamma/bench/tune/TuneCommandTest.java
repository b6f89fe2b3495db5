package org.dl4jgamma.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dl4jgamma.bench.cli.GammaCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A tiny {@code tune} run on the teacher, end to end: both searches complete and every output is written. */
class TuneCommandTest {

    @TempDir
    Path out;

    @Test
    void tinyTuneWritesTableCsvAndPlot() throws Exception {
        CommandLine cli = GammaCli.commandLine();
        StringWriter console = new StringWriter();
        cli.setOut(new PrintWriter(console));

        int status = cli.execute("tune", "--dataset", "teacher", "--candidates", "2", "--steps", "10", "--seeds", "0",
                "--widths", "16", "--out", out.toString());

        assertEquals(0, status, console.toString());
        List<String> csv = Files.readAllLines(out.resolve("tune.csv"));
        assertEquals(3, csv.size(), "header + one row per search");
        assertTrue(csv.get(1).startsWith("gamma0 searched,0,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("gamma0 = 1,0,"), csv.get(2));
        for (String row : csv.subList(1, 3)) {
            String[] fields = row.split(",");
            assertEquals("0", fields[7], "diverged candidates: " + row);
            assertEquals("0", fields[8], "failed candidates: " + row);
        }
        assertTrue(Files.size(out.resolve("best-so-far.png")) > 1000);
        assertTrue(Files.readString(out.resolve("tune.md")).contains("| gamma0 = 1 | 0 |"));
    }

    @Test
    void badRangeIsOneClearLine() {
        CommandLine cli = GammaCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int status = cli.execute("tune", "--dataset", "teacher", "--gamma-min", "10", "--gamma-max", "1");

        assertEquals(2, status);
        assertTrue(err.toString().contains("--gamma-min and --gamma-max"), err.toString());
    }
}
