package org.dl4jgamma.bench.cli;

import static org.dl4jgamma.bench.cli.CommandLines.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dl4jgamma.bench.data.FashionMnist;
import org.dl4jgamma.bench.sweep.SweepPlan;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The sweep command end to end: a tiny real sweep on the synthetic teacher, its files, and a resume. */
class SweepCommandTest {

    /** A sweep of one gamma0 and a handful of 5-step trials on the teacher, a second or two. */
    private static final List<String> TINY = List.of("sweep", "--dataset", "teacher", "--depths", "2", "--width", "8",
            "--batch", "8", "--steps", "5", "--gamma-min", "1", "--gamma-max", "1", "--eta-start", "10",
            "--decades-below", "0.5", "--parallel", "1", "--no-progress");

    @TempDir
    Path dir;

    /** @return {@code base} with {@code more} added; an option of {@code more} already in base replaces its value */
    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        for (int i = 0; i < more.length; i++) {
            boolean hasValue = i + 1 < more.length && !more[i + 1].startsWith("--");
            int at = all.indexOf(more[i]);
            if (at >= 0 && hasValue) {
                all.set(at + 1, more[++i]);
            } else {
                all.add(more[i]);
                if (hasValue) {
                    all.add(more[++i]);
                }
            }
        }
        return all.toArray(new String[0]);
    }

    private static SweepCommand parsed(String... args) {
        CommandLine cli = GammaCli.commandLine();
        cli.parseArgs(args);
        return cli.getSubcommands().get("sweep").getCommand();
    }

    /** The directory with the Fashion-MNIST files: -Dfashion.mnist.dir, else the Debian location; null if neither. */
    static Path fashionMnistDir() {
        String property = System.getProperty("fashion.mnist.dir");
        for (Path candidate : new Path[] {property == null ? null : Path.of(property), FashionMnist.DEBIAN_DIR}) {
            if (candidate != null && Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void assertOneLineNaming(String output, String option) {
        assertEquals(1, output.strip().lines().count(), output);
        assertTrue(output.contains(option), output);
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
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
        String wrote = console.toString().lines().filter(l -> l.startsWith("Wrote")).findFirst().orElseThrow();
        for (String file : List.of("results.csv", "curves.csv", "sweep-settings.properties", "summary.md",
                "fitted-rule-reference-L2.json", "4 PNG plots")) {
            assertTrue(wrote.contains(file), wrote);
        }

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
        Path dataDir = fashionMnistDir();
        Assumptions.assumeTrue(dataDir != null, "Fashion-MNIST found neither at -Dfashion.mnist.dir="
                + System.getProperty("fashion.mnist.dir") + " nor at " + FashionMnist.DEBIAN_DIR);
        StringWriter console = new StringWriter();

        int code = run(console, "sweep", "--data-dir", dataDir.toString(), "--steps", "1000", "--batch", "64",
                "--no-progress", "--out", dir.resolve("x").toString());

        assertEquals(2, code);
        assertTrue(console.toString().contains("--allow-repeats"), console.toString());
        assertFalse(Files.exists(dir.resolve("x")), "a refused sweep leaves no files");
    }

    @ParameterizedTest
    @CsvSource({"--width, -5", "--steps, 0", "--batch, 0", "--points-per-decade, 0", "--decades-below, -1",
        "--guided-screen, 0", "--guided-screen, 1.5", "--eta-start, 0", "--guided-radius, -1",
        "--divergence-factor, 1", "--parallel, 0", "--gamma-min, 0", "--small-max, 0", "--large-min, -1",
        "--max-batch, 0", "--points-per-decade, 101", "--seeds, '3,3'", "--depths, '2,3,2'",
        "--engine, foo", "--max-batch, 1.5", "--steps, abc", "--bogus, 1"})
    void aBadNumberIsOneLineNamingTheOptionAndLeavesNoFiles(String option, String value) {
        Path out = dir.resolve("bad");
        StringWriter console = new StringWriter();

        int code = run(console, args(TINY, option, value, "--out", out.toString()));

        assertEquals(2, code, console.toString());
        assertOneLineNaming(console.toString(), option);
        assertTrue(console.toString().contains(value), console.toString());
        assertFalse(Files.exists(out), "nothing is written for bad options");
    }

    @Test
    void overlappingFitSidesAreRefused() {
        StringWriter console = new StringWriter();

        int code = run(console, args(TINY, "--small-max", "100", "--large-min", "0.01", "--out", dir.toString()));

        assertEquals(2, code, console.toString());
        assertOneLineNaming(console.toString(), "--small-max");
        assertTrue(console.toString().contains("--large-min"), console.toString());
    }

    @Test
    void badThreadsOptionsAreOneLine() {
        for (String[] bad : new String[][] {{"--steps", "0"}, {"--repeats", "0"}}) {
            StringWriter console = new StringWriter();

            int code = run(console, "threads", bad[0], bad[1]);

            assertEquals(2, code, console.toString());
            assertOneLineNaming(console.toString(), bad[0]);
        }
    }

    @Test
    void resumeWithDifferentTrialSettingsIsRefusedNamingEachDifference() throws IOException {
        Path out = dir.resolve("sweep");
        StringWriter first = new StringWriter();
        assertEquals(0, run(first, args(TINY, "--out", out.toString())), first.toString());
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        StringWriter console = new StringWriter();

        int code = run(console, args(TINY, "--out", out.toString(), "--resume", "--width", "16", "--steps", "6"));

        assertEquals(2, code, console.toString());
        assertOneLineNaming(console.toString(), "--width 8 (now 16)");
        assertTrue(console.toString().contains("--steps 5 (now 6)"), console.toString());
        assertEquals(rows, Files.readAllLines(out.resolve("results.csv")), "results.csv untouched");
    }

    @Test
    void resumeWithTheOtherEngineWarnsAndContinues() throws IOException {
        Path out = dir.resolve("sweep");
        StringWriter first = new StringWriter();
        assertEquals(0, run(first, args(TINY, "--out", out.toString(), "--engine", "dl4j")), first.toString());
        int rows = Files.readAllLines(out.resolve("results.csv")).size();
        StringWriter console = new StringWriter();

        int code = run(console, args(TINY, "--out", out.toString(), "--resume", "--engine", "batched", "--gamma-max",
                "10"));

        assertEquals(0, code, console.toString());
        assertTrue(Files.readAllLines(out.resolve("results.csv")).size() > rows, "gamma0 = 10 was added");
        assertTrue(Files.readString(out.resolve(SweepCommand.SETTINGS_FILE)).contains("engine=batched"));
    }

    @Test
    void resumeMayExtendTheGammaRangeAndDepths() throws IOException {
        Path out = dir.resolve("sweep");
        StringWriter first = new StringWriter();
        assertEquals(0, run(first, args(TINY, "--out", out.toString())), first.toString());
        int rows = Files.readAllLines(out.resolve("results.csv")).size();
        StringWriter console = new StringWriter();

        int code = run(console, args(TINY, "--out", out.toString(), "--resume", "--gamma-max", "10"));

        assertEquals(0, code, console.toString());
        assertTrue(Files.readAllLines(out.resolve("results.csv")).size() > rows, "gamma0 = 10 was added");
    }

    @Test
    void theDefaultDataDirectoryEqualsTheSameDirectoryGivenExplicitly() {
        var implicit = parsed("sweep").trialSettings();
        var explicit = parsed("sweep", "--data-dir", FashionMnist.DEBIAN_DIR.toString()).trialSettings();
        var other = parsed("sweep", "--data-dir", dir.toString()).trialSettings();

        assertTrue(SweepCommand.differences(implicit, explicit).isEmpty());
        assertEquals(List.of("data-dir"), List.copyOf(SweepCommand.differences(implicit, other).keySet()));
    }

    @Test
    void quickSetsOnlyTheOptionsNotGiven() {
        SweepPlan quick = parsed("sweep", "--quick").plan();
        SweepPlan mixed = parsed("sweep", "--quick", "--steps", "20", "--depths", "3,4", "--gamma-max", "1").plan();

        assertEquals(100, quick.steps());
        assertEquals(List.of(2), quick.depths());
        assertEquals(5, quick.gammas().size(), "1e-2 .. 1e2, one point per decade");
        assertEquals(20, mixed.steps());
        assertEquals(List.of(3, 4), mixed.depths());
        assertEquals(3, mixed.gammas().size(), "1e-2 .. 1, one point per decade");
    }

    @Test
    void helpShowsConsistentChoicesAndLabels() {
        StringWriter sweepHelp = new StringWriter();
        StringWriter threadsHelp = new StringWriter();

        run(sweepHelp, "sweep", "--help");
        run(threadsHelp, "threads", "--help");

        String sweep = sweepHelp.toString().replaceAll("\\s+", " ");
        assertTrue(sweep.contains("Default: mse"), sweep);
        assertFalse(sweep.contains("L[,L...][,L"), sweep);
        assertTrue(sweep.contains("--loss=mse|xent"), sweep);
        assertTrue(sweep.contains("step up half a decade"), sweep);
        assertTrue(sweep.contains("under a minute"), sweep);
        String threads = threadsHelp.toString().replaceAll("\\s+", " ");
        assertFalse(threads.contains("<steps>") || threads.contains("<repeats>"), threads);
        assertTrue(threads.contains("minute"), threads);
    }
}
