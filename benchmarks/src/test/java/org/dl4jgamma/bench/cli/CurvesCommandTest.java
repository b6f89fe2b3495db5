package org.dl4jgamma.bench.cli;

import static org.dl4jgamma.bench.cli.CommandLines.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves command end to end: a tiny real study on the synthetic teacher, with a fake sweep, and a replot. */
class CurvesCommandTest {

    @TempDir
    Path dir;

    private Path fakeSweep() throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        Files.writeString(sweep.resolve("results.csv"), String.join("\n",
                "protocol,depth,width,gamma0,eta0,seed,steps,batch,loss,precision,status,steps_run,final_loss,"
                        + "test_loss,test_accuracy,seconds",
                "reference,3,128,10.0,10.0,0,300,64,mse,float,OK,300,0.03,0.03,0.8,1.0",
                "reference,3,128,100.0,100.0,0,300,64,mse,float,OK,300,0.03,0.03,0.8,1.0") + "\n");
        Files.writeString(sweep.resolve("sweep-settings.properties"), "dataset=teacher\n");
        return sweep;
    }

    @Test
    void tinyStudyWritesItsFilesAndReplots() throws IOException {
        Path out = dir.resolve("curves");
        StringWriter console = new StringWriter();

        int code = run(console, "curves", "--datasets", "teacher", "--width", "8", "--batch", "8", "--steps", "40",
                "--gamma-min", "10", "--gamma-max", "1000", "--points-per-decade", "1", "--seeds", "0",
                "--test-size", "200", "--probe-size", "16", "--bootstrap", "5", "--sweep-results",
                fakeSweep().toString(), "--parallel", "2", "--no-progress", "--out", out.toString());

        assertEquals(0, code, console.toString());
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(1 + 3 + 2, runs.size(), "3 gamma0 at the rule's eta0, 2 at the sweep's eta0*");
        assertTrue(runs.stream().anyMatch(r -> r.contains(",sweep,")), runs.toString());
        String summary = Files.readString(out.resolve("summary.md"));
        for (String text : List.of("## Plateaus", "## Time collapse", "## Best gamma0", "gamma0 = 1000 is outside")) {
            assertTrue(summary.contains(text), text + " in\n" + summary);
        }
        for (String plot : List.of("loss-teacher.png", "features.png", "best-gamma-teacher.png")) {
            assertTrue(Files.size(out.resolve(plot)) > 0, plot);
        }

        StringWriter again = new StringWriter();
        assertEquals(0, run(again, "curves", "--replot", "--drop-fraction", "0.2", "--no-progress", "--out",
                out.toString()), again.toString());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("--replot"));
    }

    @Test
    void badOptionsAreRefusedWithTheFix() {
        StringWriter console = new StringWriter();

        assertEquals(2, run(console, "curves", "--depth", "1", "--datasets", "teacher", "--no-progress", "--out",
                dir.resolve("x").toString()));
        assertTrue(console.toString().contains("--depth 1"), console.toString());

        StringWriter replot = new StringWriter();
        assertEquals(2, run(replot, "curves", "--replot", "--out", dir.resolve("none").toString()));
        assertTrue(replot.toString().contains("--replot needs"), replot.toString());
    }

    @Test
    void quickKeepsOptionsGivenExplicitly() throws IOException {
        Path out = dir.resolve("quick");
        StringWriter console = new StringWriter();

        int code = run(console, "curves", "--quick", "--datasets", "teacher", "--width", "8", "--steps", "20",
                "--gamma-min", "10", "--gamma-max", "10", "--seeds", "3", "--test-size", "100", "--probe-size", "8",
                "--bootstrap", "2", "--no-progress", "--out", out.toString());

        assertEquals(0, code, console.toString());
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(2, runs.size(), "one run: one gamma0, one seed");
        String[] row = runs.get(1).split(",");
        assertEquals("8", row[2], "--width kept");
        assertEquals("20", row[4], "--steps kept");
        assertEquals("3", row[8], "--seeds kept");
    }
}
