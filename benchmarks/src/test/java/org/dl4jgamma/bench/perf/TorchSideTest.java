package org.dl4jgamma.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;

import org.dl4jgamma.bench.perf.TorchSide.ReplayResult;
import org.dl4jgamma.bench.perf.TorchSide.StepModel;
import org.dl4jgamma.bench.perf.TorchSide.StepServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchSide} without PyTorch: validation, the availability check, and the stdin/stdout protocol spoken with
 * fake interpreters (shell scripts that ignore the script path and answer as {@code torch_bench.py} would).
 */
class TorchSideTest {

    private static final double EXACT = 0.0;

    @TempDir
    Path dir;

    private static StepModel model(int depth, int width, int batch, String loss, int threads, double gamma0,
                                   double eta0) {
        return new StepModel(depth, width, batch, loss, false, threads, 7L, gamma0, eta0);
    }

    /** An executable shell script {@code name} in the temporary directory with the given body. */
    private Path fakePython(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** A fake step server that records its arguments and thread variables, then answers 0.5 to every line. */
    private Path fakeStepServer() throws IOException {
        return fakePython("python", "echo \"$@\" > '" + dir.resolve("args") + "'\n"
                + "echo \"$OMP_NUM_THREADS $OPENBLAS_NUM_THREADS\" > '" + dir.resolve("env") + "'\n"
                + "echo 'ready torch=fake threads=1'\n"
                + "while read line; do\n"
                + "  case \"$line\" in quit) exit 0 ;; *) echo 0.5 ;; esac\n"
                + "done\n");
    }

    private Path resultsFile() throws IOException {
        return Files.writeString(dir.resolve("results.csv"), "protocol,depth\n");
    }

    @Test
    void stepModelRejectsEachBadValueByName() {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> model(0, 16, 8, "mse", 1, 1.0, 0.1));
        assertTrue(depth.getMessage().contains("depth") && depth.getMessage().contains("= 0"), depth.getMessage());

        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> model(2, -3, 8, "mse", 1, 1.0, 0.1));
        assertTrue(width.getMessage().contains("width N = -3"), width.getMessage());

        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> model(2, 16, 0, "mse", 1, 1.0, 0.1));
        assertTrue(batch.getMessage().contains("batch size = 0"), batch.getMessage());

        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> model(2, 16, 8, "mse", 0, 1.0, 0.1));
        assertTrue(threads.getMessage().contains("threads = 0"), threads.getMessage());

        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> model(2, 16, 8, "hinge", 1, 1.0, 0.1));
        assertTrue(loss.getMessage().contains("'hinge'") && loss.getMessage().contains("'xent'"), loss.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model(2, 16, 8, null, 1, 1.0, 0.1));

        IllegalArgumentException gamma = assertThrows(IllegalArgumentException.class,
                () -> model(2, 16, 8, "mse", 1, Double.NaN, 0.1));
        assertTrue(gamma.getMessage().contains("gamma0 = NaN"), gamma.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model(2, 16, 8, "mse", 1, 0.0, 0.1));

        IllegalArgumentException eta = assertThrows(IllegalArgumentException.class,
                () -> model(2, 16, 8, "mse", 1, 1.0, Double.POSITIVE_INFINITY));
        assertTrue(eta.getMessage().contains("eta0 = Infinity"), eta.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model(2, 16, 8, "mse", 1, 1.0, -0.1));
    }

    @Test
    void stepModelStoresTheLossInLowerCase() {
        assertEquals("xent", model(1, 1, 1, "XENT", 1, 1.0, 0.1).loss());
        assertEquals("mse", model(1, 1, 1, "mse", 1, 1.0, 0.1).loss());
    }

    @Test
    void aMissingInterpreterIsUnavailableWithTheInstallCommand() {
        Path missing = dir.resolve("no-such-python");

        Optional<String> reason = TorchSide.unavailableReason(missing);

        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains(TorchSide.INSTALL_COMMAND), reason.get());
        assertTrue(reason.get().contains(missing.toString()), reason.get());
        assertTrue(reason.get().contains("/usr/bin/python3"), reason.get());
        assertTrue(reason.get().lines().count() == 1, reason.get());
    }

    @Test
    void anInterpreterWithoutTorchIsUnavailableWithItsErrorAndTheInstallCommand() throws IOException {
        Path python = fakePython("python", "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");

        Optional<String> reason = TorchSide.unavailableReason(python);

        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("sudo apt-get install python3-torch libopenblas0-pthread"), reason.get());
        assertTrue(reason.get().contains("No module named 'torch'"), reason.get());
    }

    @Test
    void anInterpreterThatImportsTorchIsAvailable() throws IOException {
        Path python = fakePython("python", "exit 0\n");

        assertEquals(Optional.empty(), TorchSide.unavailableReason(python));
    }

    @Test
    void theStepServerPassesTheModelAndThreadsAndParsesEachAnswer() throws IOException {
        Path python = fakeStepServer();
        StepModel model = new StepModel(3, 16, 8, "xent", true, 2, 11L, 0.5, 0.25);

        try (StepServer server = TorchSide.startSteps(python, model)) {
            assertEquals("ready torch=fake threads=1", server.banner());
            assertEquals(0.5, server.secondsFor(10), EXACT);
            assertEquals(0.5, server.secondsFor(200), EXACT);
            assertThrows(IllegalArgumentException.class, () -> server.secondsFor(0));
        }

        String args = Files.readString(dir.resolve("args")).strip();
        assertTrue(args.endsWith("serve-steps --depth 3 --width 16 --batch 8 --loss xent --dtype float64 "
                + "--threads 2 --seed 11 --gamma0 0.5 --eta0 0.25"), args);
        assertTrue(args.split(" ")[0].endsWith(".py"), args);
        assertEquals("2 2", Files.readString(dir.resolve("env")).strip());
    }

    @Test
    void aClosedStepServerRefusesWork() throws IOException {
        StepServer server = TorchSide.startSteps(fakeStepServer(), model(2, 16, 8, "mse", 1, 1.0, 0.1));

        server.close();
        server.close();

        assertThrows(IllegalStateException.class, () -> server.secondsFor(1));
    }

    @Test
    void aStepServerThatDiesReportsItsStderr() throws IOException {
        Path python = fakePython("python", "echo 'ready torch=fake threads=1'\n"
                + "read line\n"
                + "echo 'RuntimeError: out of memory in the fake' >&2\n"
                + "exit 3\n");

        try (StepServer server = TorchSide.startSteps(python, model(2, 16, 8, "mse", 1, 1.0, 0.1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.secondsFor(5));

            assertTrue(e.getMessage().contains("RuntimeError: out of memory in the fake"), e.getMessage());
            assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        }
    }

    @Test
    void aStepServerThatDiesBeforeItIsReadyReportsItsStderr() throws IOException {
        Path python = fakePython("python", "echo 'torch_bench: error: cannot build the model' >&2\nexit 2\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchSide.startSteps(python, model(2, 16, 8, "mse", 1, 1.0, 0.1)));

        assertTrue(e.getMessage().contains("cannot build the model"), e.getMessage());
        assertTrue(e.getMessage().contains("exit code 2"), e.getMessage());
    }

    @Test
    void aStepServerAnsweringGarbageIsAnError() throws IOException {
        Path python = fakePython("python",
                "echo 'ready torch=fake threads=1'\nread line\necho 'soon'\nexec sleep 30\n");

        try (StepServer server = TorchSide.startSteps(python, model(2, 16, 8, "mse", 1, 1.0, 0.1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.secondsFor(5));

            assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
        }
    }

    @Test
    void replayPassesItsArgumentsAndParsesTheJsonLine() throws IOException {
        Path python = fakePython("python", "echo \"$@\" > '" + dir.resolve("args") + "'\n"
                + "echo 'loading'\n"
                + "echo '{\"trials\": 3, \"steps\": 120, \"seconds\": 1.25, \"torch\": \"fake\", \"threads\": 1}'\n");
        Path results = resultsFile();

        ReplayResult result = TorchSide.replay(python, results, dir, 4, 1, OptionalInt.of(2));

        assertEquals(new ReplayResult(3, 120L, 1.25, "fake"), result);
        String args = Files.readString(dir.resolve("args")).strip();
        assertTrue(args.endsWith("replay --results " + results + " --data " + dir + " --threads 4 --limit 2"
                + " --shards 1 --shard 0"), args);
    }

    /** Fake shard i reports i + 1 trials, 10 (i + 1) steps and i + 1.5 seconds. */
    @Test
    void aShardedReplayRunsEveryShardAndSumsTrialsAndStepsAndKeepsTheLongestTime() throws IOException {
        Path python = fakePython("python", "for a in \"$@\"; do last=$a; done\n"
                + "echo \"$@\" >> '" + dir.resolve("args") + "'\n"
                + "n=$((last + 1))\n"
                + "echo \"{\\\"trials\\\": $n, \\\"steps\\\": $((10 * n)), \\\"seconds\\\": $n.5,"
                + " \\\"torch\\\": \\\"fake\\\"}\"\n");

        ReplayResult result = TorchSide.replay(python, resultsFile(), dir, 1, 3, OptionalInt.empty());

        assertEquals(new ReplayResult(1 + 2 + 3, 10L + 20 + 30, 3.5, "fake"), result);
        String args = Files.readString(dir.resolve("args"));
        for (int shard = 0; shard < 3; shard++) {
            assertTrue(args.contains("--shards 3 --shard " + shard + "\n"), args);
        }
    }

    @Test
    void aFailedReplayReportsItsStderr() throws IOException {
        Path python = fakePython("python", "echo 'torch_bench: error: bad magic number 1234' >&2\nexit 2\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchSide.replay(python, resultsFile(), dir, 1, 1, OptionalInt.empty()));

        assertTrue(e.getMessage().contains("bad magic number 1234"), e.getMessage());
    }

    @Test
    void aReplayWithoutItsJsonLineIsAnError() throws IOException {
        Path python = fakePython("python", "echo 'done'\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchSide.replay(python, resultsFile(), dir, 1, 1, OptionalInt.empty()));

        assertTrue(e.getMessage().contains("'done'"), e.getMessage());
    }

    @Test
    void replayRejectsMissingInputsAndBadCountsByName() throws IOException {
        Path python = fakePython("python", "exit 0\n");
        Path results = resultsFile();

        IllegalArgumentException noTable = assertThrows(IllegalArgumentException.class,
                () -> TorchSide.replay(python, dir.resolve("none.csv"), dir, 1, 1, OptionalInt.empty()));
        assertTrue(noTable.getMessage().contains("none.csv"), noTable.getMessage());

        IllegalArgumentException noData = assertThrows(IllegalArgumentException.class,
                () -> TorchSide.replay(python, results, dir.resolve("no-data"), 1, 1, OptionalInt.empty()));
        assertTrue(noData.getMessage().contains("dataset-fashion-mnist"), noData.getMessage());

        assertThrows(IllegalArgumentException.class, () -> TorchSide.replay(python, results, dir, 0, 1,
                OptionalInt.empty()));
        IllegalArgumentException shards = assertThrows(IllegalArgumentException.class,
                () -> TorchSide.replay(python, results, dir, 1, 0, OptionalInt.empty()));
        assertTrue(shards.getMessage().contains("shards = 0"), shards.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchSide.replay(python, results, dir, 1, 1,
                OptionalInt.of(0)));
    }
}
