package org.dl4jgamma.bench.cli;

import static org.dl4jgamma.bench.cli.CommandLines.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code perf} end to end with the smallest settings, no sweep and no PyTorch (a fake interpreter): the figures
 * that need neither are measured and written, the others are reported as unavailable with the reason, and bad
 * options are one line naming the option. Timings are not checked, only that they were measured.
 */
class PerfCommandTest {

    @TempDir
    Path dir;

    /**
     * An interpreter that passes the import check (it exits 0 for anything, like /bin/true) but is no PyTorch: the
     * PyTorch figures are reported as unavailable, the run goes on.
     */
    @Test
    void withoutPyTorchOrSweepTheOtherFiguresAreMeasuredAndTheMissingOnesSayWhy() throws IOException {
        Path json = dir.resolve("perf.json");
        Path fakePython = Files.writeString(dir.resolve("python"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fakePython, PosixFilePermissions.fromString("rwx------"));
        StringWriter console = new StringWriter();

        int status = run(console, "perf", "--sweep", "none", "--repeats", "2", "--steps", "2", "--children", "1",
                "--models", "2", "--python", fakePython.toString(), "--out", json.toString());

        assertEquals(0, status, console.toString());
        Map<String, JsonNode> figures = new HashMap<>();
        for (JsonNode figure : new ObjectMapper().readTree(json.toFile()).get("figures")) {
            figures.put(figure.get("id").asText(), figure);
        }
        assertEquals(8, figures.size(), figures.toString());
        for (String id : new String[] {"1", "2", "3", "8"}) {
            JsonNode figure = figures.get(id);
            assertTrue(figure.get("median").asDouble() > 0 && figure.get("numerator").asDouble() > 0
                    && figure.get("denominator").asDouble() > 0, "figure " + id + ": " + figure);
        }
        for (String id : new String[] {"4", "7"}) {
            assertFalse(figures.get(id).has("median"), figures.get(id).toString());
            assertTrue(figures.get(id).get("note").asText().contains("python3-torch"), figures.get(id).toString());
        }
        for (String id : new String[] {"5", "6"}) {
            assertTrue(figures.get(id).get("note").asText().contains("--sweep none"), figures.get(id).toString());
        }
        assertTrue(figures.get("3").get("target").asDouble() == 1.3 && figures.get("3").has("met"));
        assertTrue(console.toString().contains("Wrote " + json), console.toString());
    }

    @ParameterizedTest
    @CsvSource({"--repeats, 0", "--steps, -1", "--children, 0", "--models, 0"})
    void aBadCountIsOneLineNamingTheOption(String option, String value) {
        StringWriter console = new StringWriter();

        int status = run(console, "perf", option, value, "--out", dir.resolve("perf.json").toString());

        assertEquals(2, status, console.toString());
        assertEquals(1, console.toString().strip().lines().count(), console.toString());
        assertTrue(console.toString().contains(option), console.toString());
        assertFalse(Files.exists(dir.resolve("perf.json")));
    }

    @ParameterizedTest
    @CsvSource({"--sweep, bogus, 'not one of default, quick, none'", "--repeats, x, '--repeats'"})
    void anOptionThatDoesNotParseIsOneLine(String option, String value, String expected) {
        StringWriter console = new StringWriter();

        int status = run(console, "perf", option, value, "--out", dir.resolve("perf.json").toString());

        assertEquals(2, status, console.toString());
        assertEquals(1, console.toString().strip().lines().count(), console.toString());
        assertTrue(console.toString().contains(expected), console.toString());
    }

    @Test
    void anOutputThatIsAFolderOrASweepWithoutDataIsRefusedBeforeMeasuring() {
        StringWriter folder = new StringWriter();
        assertEquals(2, run(folder, "perf", "--sweep", "none", "--out", dir.toString()), folder.toString());
        assertTrue(folder.toString().contains("is a folder"), folder.toString());

        StringWriter noData = new StringWriter();
        int status = run(noData, "perf", "--sweep", "quick", "--data-dir", dir.resolve("no-data").toString(),
                "--out", dir.resolve("perf.json").toString());
        assertEquals(2, status, noData.toString());
        assertTrue(noData.toString().contains("--sweep none"), noData.toString());
        assertFalse(Files.exists(dir.resolve("perf.json")), "nothing written");
    }

    @Test
    void anOutputFolderThatDoesNotExistIsRefusedBeforeMeasuring() {
        StringWriter console = new StringWriter();

        int status = run(console, "perf", "--out", dir.resolve("missing").resolve("perf.json").toString());

        assertEquals(2, status, console.toString());
        assertTrue(console.toString().contains("does not exist"), console.toString());
    }
}
