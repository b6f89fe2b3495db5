package org.dl4jgamma.bench.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.GZIPOutputStream;

import org.dl4jgamma.bench.perf.TorchSide.ReplayResult;
import org.dl4jgamma.bench.perf.TorchSide.StepModel;
import org.dl4jgamma.bench.perf.TorchSide.StepServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code torch_bench.py} itself, with Debian's PyTorch; skipped where {@link TorchSide#DEFAULT_PYTHON} cannot import
 * torch (as on CI). Small models and few steps, so the class runs in seconds.
 */
class TorchSideTorchTest {

    private static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");
    private static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    private static final String HEADER = "protocol,depth,width,gamma0,eta0,seed,steps,batch,loss,precision,status,"
            + "steps_run,final_loss,test_loss,test_accuracy,seconds\n";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        assumeTrue(TorchSide.unavailableReason(TorchSide.DEFAULT_PYTHON).isEmpty(),
                () -> TorchSide.unavailableReason(TorchSide.DEFAULT_PYTHON).orElse(""));
    }

    /** The IDX files' directory: system property {@code fashion.mnist.dir} when it has them, else Debian's. */
    private static Path dataDir() {
        String configured = System.getProperty("fashion.mnist.dir");
        Path data = configured == null || configured.isBlank() || !hasIdxFiles(Path.of(configured))
                ? DEFAULT_DATA : Path.of(configured);
        assumeTrue(hasIdxFiles(data), "no Fashion-MNIST IDX files in " + data);
        return data;
    }

    private static boolean hasIdxFiles(Path data) {
        return IDX_FILES.stream().allMatch(f -> Files.isRegularFile(data.resolve(f)));
    }

    @Test
    void theStepServerTimesStepsOfASmallModel() {
        StepModel model = new StepModel(3, 16, 8, "mse", false, 1, 3L, 1.0, 0.1);

        try (StepServer server = TorchSide.startSteps(TorchSide.DEFAULT_PYTHON, model)) {
            assertTrue(server.banner().startsWith("ready torch=") && server.banner().contains(" threads=1"),
                    server.banner());
            double seconds = server.secondsFor(5);
            assertTrue(seconds > 0 && seconds < 10, "5 steps took " + seconds + " s");
            assertTrue(server.secondsFor(1) > 0);
        }
    }

    @Test
    void replayRetrainsEveryRowWithDepthAtLeastOneForItsStepsRun() throws IOException {
        Path results = Files.writeString(dir.resolve("results.csv"), HEADER
                + "reference,3,16,1.0,0.1,1,10,32,MSE,float,OK,10,0.09,0.09,0.3,1.0\n"
                + "reference,2,32,0.1,1.0E-4,2,10,16,XENT,double,DIVERGED,4,NaN,NaN,NaN,0.5\n"
                + "reference,0,32,0.1,0.1,3,10,16,MSE,float,OK,10,0.09,0.09,0.3,1.0\n"
                + "guided,1,8,10.0,0.01,4,10,8,XENT,float,OK,7,2.2,2.2,0.2,1.0\n");

        Path python = TorchSide.DEFAULT_PYTHON;
        ReplayResult all = TorchSide.replay(python, results, dataDir(), 1, 1, OptionalInt.empty());
        ReplayResult first = TorchSide.replay(python, results, dataDir(), 1, 1, OptionalInt.of(1));
        ReplayResult shared = TorchSide.replay(python, results, dataDir(), 1, 2, OptionalInt.empty());

        assertEquals(3, all.trials());
        assertEquals(10 + 4 + 7, all.steps());
        assertTrue(all.seconds() > 0, "seconds " + all.seconds());
        assertTrue(all.torchVersion().matches("\\d+\\.\\d+.*"), all.torchVersion());
        assertEquals(1, first.trials());
        assertEquals(10, first.steps());
        assertEquals(3, shared.trials(), "two processes share the three rows");
        assertEquals(10 + 4 + 7, shared.steps());
    }

    @Test
    void replayNamesAFileWithTheWrongMagicNumber() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        for (String file : IDX_FILES) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(data.resolve(file)))) {
                out.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
            }
        }
        Path results = Files.writeString(dir.resolve("results.csv"), HEADER
                + "reference,2,16,1.0,0.1,1,10,32,MSE,float,OK,3,0.09,0.09,0.3,1.0\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TorchSide.replay(TorchSide.DEFAULT_PYTHON, results, data, 1, 1, OptionalInt.empty()));

        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz starts with magic number 2049, expected 2051"),
                e.getMessage());
    }
}
