package org.dl4jgamma.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The sweep command end to end: a tiny real sweep on the synthetic teacher, its files, and a resume. */
class SweepCommandTest {

    @TempDir
    Path dir;

    private static int run(StringWriter console, String... args) {
        CommandLine cli = GammaCli.commandLine();
        cli.setOut(new PrintWriter(console));
        cli.setErr(new PrintWriter(console));
        return cli.execute(args);
    }

    @Test
    void tinyRealSweepWritesEveryFileAndResumesWithoutRerunning() throws IOException {
        Path out = dir.resolve("sweep");
        String[] args = {"sweep", "--dataset", "teacher", "--depths", "2", "--width", "16", "--batch", "16",
            "--steps", "20", "--gamma-min", "0.1", "--gamma-max", "10", "--points-per-decade", "1",
            "--eta-start", "100", "--decades-below", "1", "--small-max", "1", "--large-min", "1", "--parallel", "2",
            "--no-progress", "--out", out.toString()};
        StringWriter console = new StringWriter();

        assertEquals(0, run(console, args), console.toString());

        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(rows.get(0).startsWith("protocol,depth,width,gamma0,eta0,seed,steps"), rows.get(0));
        assertTrue(rows.size() >= 1 + 3 * 3, "at least 3 trials at each of 3 gamma0, got " + (rows.size() - 1));
        assertEquals(rows.size(), Files.readAllLines(out.resolve("curves.csv")).size());
        for (String file : List.of("summary.md", "heatmap-reference-L2.png", "curves-reference-L2.png",
                "eta0star-reference.png", "eta0max-reference.png", "fitted-rule-reference-L2.json")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| reference | 2 |"));
        assertTrue(console.toString().contains("reference protocol:"), console.toString());

        StringWriter again = new StringWriter();
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        assertEquals(0, run(again, resume), again.toString());
        assertEquals(rows, Files.readAllLines(out.resolve("results.csv")), "a resumed sweep reran nothing");
    }

    @Test
    void existingResultsWithoutResumeAreRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("results.csv"), "protocol\n");
        StringWriter console = new StringWriter();

        int code = run(console, "sweep", "--dataset", "teacher", "--no-progress", "--out", out.toString());

        assertEquals(2, code);
        assertTrue(console.toString().contains("--resume"), console.toString());
    }

    @Test
    void tooManyStepsForFashionMnistAreRefusedUnlessRepeatsAreAllowed() {
        String dataDir = System.getProperty("fashion.mnist.dir");
        org.junit.jupiter.api.Assumptions.assumeTrue(dataDir != null && Files.isDirectory(Path.of(dataDir)),
                "Fashion-MNIST not found at " + dataDir);
        StringWriter console = new StringWriter();

        int code = run(console, "sweep", "--data-dir", dataDir, "--steps", "1000", "--batch", "64", "--no-progress",
                "--out", dir.resolve("x").toString());

        assertEquals(2, code);
        assertTrue(console.toString().contains("--allow-repeats"), console.toString());
    }
}
