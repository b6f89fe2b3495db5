package org.dl4jgamma.bench.perf;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch side of the Java-versus-PyTorch comparison: runs the script {@code torch_bench.py} (a classpath
 * resource next to this class, copied to a temporary file on first use) with a given Python interpreter.
 *
 * <p>The script trains the paper's centered muP MLP "the PyTorch way" ({@code nn.Linear}, autograd,
 * {@code torch.optim.SGD} with one parameter group per layer). With {@code L} weight layers, hidden width
 * {@code N}, input {@code d = 784} and {@code K = 10} outputs: {@code z_l = h_{l-1} V_l + c_l},
 * {@code h_l = relu(z_l)} for {@code l < L} with {@code V_l ~ N(0, 1/fan_in)}; {@code u = h_{L-1} V_L + c_L} with
 * {@code V_L ~ N(0, 1)}; {@code f = (u - u0) / (N gamma0)} with {@code u0} the readout of a frozen copy of the
 * initial parameters, so {@code f = 0} at init. MSE is {@code sum((f - y)^2) / (B K)}, cross-entropy
 * {@code -sum(y log softmax(f)) / B}. Plain SGD, learning rate {@code N eta0 / fan_in_l} for hidden layer {@code l}
 * and {@code N eta0} for the readout. This is the same network and rule as the Java trainer
 * ({@code GammaNetworks.mlp()} with muP, centered).
 *
 * <p>Two uses: {@link #startSteps} keeps a process that times blocks of SGD steps on one fixed batch, for per-step
 * comparisons with DL4J; {@link #replay} retrains every trial of a sweep's {@code results.csv} on Fashion-MNIST, for
 * whole-sweep comparisons. The child's thread count is pinned: {@code torch.set_num_threads(threads)},
 * {@code OMP_NUM_THREADS} and {@code OPENBLAS_NUM_THREADS}. Debian's PyTorch needs {@code libopenblas0-pthread};
 * without it torch falls back to the reference BLAS and is about 20 times slower (the step server's
 * {@linkplain StepServer#banner() banner} names the BLAS it loaded).
 */
public final class TorchSide {

    /** The interpreter used unless the caller passes another: Debian's, which {@code python3-torch} installs into. */
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

    /** The command that installs what the script needs on Debian. */
    public static final String INSTALL_COMMAND = "sudo apt-get install python3-torch libopenblas0-pthread";

    private static final Logger LOG = LoggerFactory.getLogger(TorchSide.class);
    private static final String SCRIPT_RESOURCE = "torch_bench.py";
    private static final long CHECK_TIMEOUT_SECONDS = 60;
    private static final long EXIT_WAIT_SECONDS = 10;
    private static final long FAILURE_GRACE_SECONDS = 2;
    private static final int STDERR_TAIL_LINES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path script;

    private TorchSide() {
    }

    /**
     * The model and batch a step server trains.
     *
     * @param depth           number of weight layers {@code L}, at least 1
     * @param width           hidden width {@code N}, at least 1
     * @param batch           batch size {@code B}, at least 1
     * @param loss            {@code "mse"} or {@code "xent"} (any case; stored in lower case)
     * @param doublePrecision float64 when true, float32 when false
     * @param threads         threads of the child process (torch, OpenMP and OpenBLAS), at least 1
     * @param seed            seed of the initial parameters and of the random batch
     * @param gamma0          feature-learning strength {@code gamma0}, positive and finite
     * @param eta0            base learning rate {@code eta0}, positive and finite
     */
    public record StepModel(int depth, int width, int batch, String loss, boolean doublePrecision, int threads,
                            long seed, double gamma0, double eta0) {

        /** Validates every value; an invalid one throws {@link IllegalArgumentException} naming it. */
        public StepModel {
            requireAtLeastOne("depth (weight layers L)", depth);
            requireAtLeastOne("width N", width);
            requireAtLeastOne("batch size", batch);
            requireAtLeastOne("threads", threads);
            requirePositiveFinite("gamma0", gamma0);
            requirePositiveFinite("eta0", eta0);
            String normalized = loss == null ? "" : loss.toLowerCase(Locale.ROOT);
            if (!normalized.equals("mse") && !normalized.equals("xent")) {
                throw new IllegalArgumentException("loss = " + (loss == null ? "null" : "'" + loss + "'")
                        + ", expected 'mse' or 'xent'");
            }
            loss = normalized;
        }
    }

    /**
     * Totals of one replay of a results table.
     *
     * @param trials       trials retrained (rows with depth below 1 are skipped)
     * @param steps        SGD steps over all trials (the sum of their {@code steps_run})
     * @param seconds      wall time of building, training and evaluating the models, not of loading the data (of
     *                     the longest process, when several shared the rows)
     * @param torchVersion {@code torch.__version__} of the interpreter
     */
    public record ReplayResult(int trials, long steps, double seconds, String torchVersion) {
    }

    /**
     * Whether {@code python} can run the script: runs {@code python -c "import torch, numpy"} (at most 60 s).
     *
     * @param python the interpreter, usually {@link #DEFAULT_PYTHON}
     * @return empty when torch and numpy import; otherwise one line that says why not and how to install them
     */
    public static Optional<String> unavailableReason(Path python) {
        String cause;
        Process process = null;
        try {
            process = new ProcessBuilder(python.toString(), "-c", "import torch, numpy").redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            OutputTail output = OutputTail.drain(process.getInputStream(), "python check");
            if (!process.waitFor(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                cause = "'import torch, numpy' took more than " + CHECK_TIMEOUT_SECONDS + " s";
            } else if (process.exitValue() == 0) {
                return Optional.empty();
            } else {
                cause = output.lastLine().orElse("exit code " + process.exitValue());
            }
        } catch (IOException e) {
            cause = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause = "interrupted while checking";
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }

        return Optional.of("PyTorch is not usable through " + python + " (" + cause + "); install it with '"
                + INSTALL_COMMAND + "' (the default interpreter is " + DEFAULT_PYTHON
                + "; pass another interpreter's path to use a different Python)");
    }

    /**
     * Starts a step server: builds the model and its fixed batch in a child process, warms it up (20 steps) and
     * waits for its ready line.
     *
     * @param python the interpreter, usually {@link #DEFAULT_PYTHON}
     * @param model  the model, batch and threads
     * @return the running server; close it to stop the process
     * @throws IllegalStateException when the process ends before it is ready, with the end of its stderr
     */
    public static StepServer startSteps(Path python, StepModel model) {
        List<String> command = new ArrayList<>(List.of(python.toString(), script().toString(), "serve-steps",
                "--depth", Integer.toString(model.depth()), "--width", Integer.toString(model.width()),
                "--batch", Integer.toString(model.batch()), "--loss", model.loss(),
                "--dtype", model.doublePrecision() ? "float64" : "float32",
                "--threads", Integer.toString(model.threads()), "--seed", Long.toString(model.seed()),
                "--gamma0", Double.toString(model.gamma0()), "--eta0", Double.toString(model.eta0())));
        LOG.info("Starting the PyTorch step server: {}", model);

        StepServer server = new StepServer(start(command, model.threads()));
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("PyTorch step server ready: {}", server.banner());
        return server;
    }

    /**
     * Retrains every trial of a sweep's {@code results.csv} with PyTorch: for each row (depth at least 1) a fresh
     * model of its depth, width, gamma0, eta0, loss and precision, seeded with its seed, trained for its
     * {@code steps_run} steps on consecutive Fashion-MNIST batches of its batch size (order: a numpy permutation
     * seeded with the row's seed); rows with status OK are then evaluated on the 10,000 test images. The rows are
     * shared out among {@code shards} processes run at the same time (rows {@code i, i + shards, ...} to process
     * {@code i}), as a sweep shares its trials among cores.
     *
     * @param python     the interpreter, usually {@link #DEFAULT_PYTHON}
     * @param resultsCsv the results table of a sweep
     * @param dataDir    directory with the four gzipped Fashion-MNIST IDX files
     * @param threads    threads of each child process, at least 1
     * @param shards     processes run at the same time, at least 1
     * @param limit      when present, only the first {@code limit} rows of the table
     * @return the totals: trials and steps summed over the processes, {@code seconds} the longest process's
     * @throws IllegalStateException when the script fails, with the end of its stderr
     */
    public static ReplayResult replay(Path python, Path resultsCsv, Path dataDir, int threads, int shards,
                                      OptionalInt limit) {
        requireAtLeastOne("threads", threads);
        requireAtLeastOne("shards", shards);
        if (limit.isPresent()) {
            requireAtLeastOne("limit", limit.getAsInt());
        }
        if (!Files.isRegularFile(resultsCsv)) {
            throw new IllegalArgumentException("no results table at " + resultsCsv + "; run a sweep first");
        }
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("no Fashion-MNIST directory at " + dataDir
                    + "; pass the directory of the IDX files or install them with "
                    + "'sudo apt-get install dataset-fashion-mnist'");
        }
        LOG.info("Replaying {} with PyTorch: {} process(es) of {} thread(s)", resultsCsv, shards, threads);

        List<ChildProcess> children = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            List<String> command = new ArrayList<>(List.of(python.toString(), script().toString(), "replay",
                    "--results", resultsCsv.toString(), "--data", dataDir.toString(), "--threads",
                    Integer.toString(threads)));
            limit.ifPresent(k -> command.addAll(List.of("--limit", Integer.toString(k))));
            command.addAll(List.of("--shards", Integer.toString(shards), "--shard", Integer.toString(shard)));
            children.add(start(command, threads));
        }

        List<ReplayResult> parts = new ArrayList<>();
        try {
            for (ChildProcess child : children) {
                parts.add(finishReplay(child, resultsCsv));
            }
        } finally {
            children.forEach(child -> child.process().destroyForcibly());
        }

        ReplayResult result = new ReplayResult(parts.stream().mapToInt(ReplayResult::trials).sum(),
                parts.stream().mapToLong(ReplayResult::steps).sum(),
                parts.stream().mapToDouble(ReplayResult::seconds).max().orElse(0), parts.get(0).torchVersion());
        LOG.info("PyTorch replay: {} trials, {} steps in {} s", result.trials(), result.steps(),
                String.format(Locale.ROOT, "%.1f", result.seconds()));
        return result;
    }

    private static ReplayResult finishReplay(ChildProcess child, Path resultsCsv) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = child.stdout()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw child.failure("reading the replay's output failed: " + e.getMessage());
        }
        int exit = child.awaitExit();
        if (exit != 0) {
            throw child.failure("the PyTorch replay of " + resultsCsv + " failed");
        }
        return parseReplay(lines, child);
    }

    private static ReplayResult parseReplay(List<String> lines, ChildProcess child) {
        String last = lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        try {
            JsonNode json = JSON.readTree(last);
            if (json == null || !json.has("trials") || !json.has("steps") || !json.has("seconds")
                    || !json.has("torch")) {
                throw child.failure("the replay's last line '" + last
                        + "' is not the expected {trials, steps, seconds, torch} JSON");
            }
            return new ReplayResult(json.get("trials").asInt(), json.get("steps").asLong(),
                    json.get("seconds").asDouble(), json.get("torch").asText());
        } catch (IOException e) {
            throw child.failure("the replay's last line '" + last + "' is not JSON: " + e.getMessage());
        }
    }

    /**
     * A child process that times SGD steps on request; see {@link TorchSide#startSteps}. Not thread-safe.
     */
    public static final class StepServer implements AutoCloseable {

        private final ChildProcess child;
        private final BufferedReader stdout;
        private final BufferedWriter stdin;
        private String banner;
        private boolean closed;

        private StepServer(ChildProcess child) {
            this.child = child;
            this.stdout = child.stdout();
            this.stdin = new BufferedWriter(new OutputStreamWriter(child.process().getOutputStream(),
                    StandardCharsets.UTF_8));
        }

        private void awaitReady() {
            String line = readLine("waiting for the ready line");
            if (!line.startsWith("ready ")) {
                throw child.failure("expected 'ready torch=... threads=...' from the step server, got '" + line + "'");
            }
            banner = line;
        }

        /**
         * The script's ready line, {@code ready torch=<version> threads=<n> blas=<library>:<threads>}.
         *
         * @return the banner
         */
        public String banner() {
            return banner;
        }

        /**
         * Runs {@code steps} SGD steps on the fixed batch (each reads its loss with {@code loss.item()}) and returns
         * their wall time as measured inside the child.
         *
         * @param steps steps to run, at least 1
         * @return seconds the steps took
         * @throws IllegalStateException when the process has died or answers something that is not a number
         */
        public double secondsFor(int steps) {
            requireAtLeastOne("steps", steps);
            if (closed) {
                throw new IllegalStateException("the step server is closed; start a new one with startSteps");
            }

            try {
                stdin.write(steps + "\n");
                stdin.flush();
            } catch (IOException e) {
                throw child.failure("the step server stopped reading (" + e.getMessage() + ")");
            }

            String answer = readLine("waiting for the time of " + steps + " steps");
            try {
                double seconds = Double.parseDouble(answer.trim());
                LOG.debug("PyTorch: {} steps in {} s", steps, seconds);
                return seconds;
            } catch (NumberFormatException e) {
                throw child.failure("the step server answered '" + answer + "' to " + steps + ", not a number");
            }
        }

        private String readLine(String doing) {
            try {
                String line = stdout.readLine();
                if (line == null) {
                    throw child.failure("the step server ended while " + doing);
                }
                return line;
            } catch (IOException e) {
                throw child.failure("reading from the step server failed while " + doing + ": " + e.getMessage());
            }
        }

        /** Sends {@code quit}, waits for the process to end (up to 10 s) and kills it if it does not. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;

            try {
                stdin.write("quit\n");
                stdin.close();
            } catch (IOException e) {
                LOG.debug("The step server had already stopped reading: {}", e.getMessage());
            }
            child.awaitExit();
        }
    }

    /** A started script process and the tail of its stderr. */
    private record ChildProcess(Process process, OutputTail stderr, List<String> command) {

        BufferedReader stdout() {
            return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Waits for the exit, killing the process after 10 s, and returns its exit code (-1 if it lingers). */
        int awaitExit() {
            return awaitExit(EXIT_WAIT_SECONDS);
        }

        private int awaitExit(long graceSeconds) {
            try {
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    LOG.warn("The PyTorch process did not end within {} s; killing it", graceSeconds);
                    process.destroyForcibly().waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            return process.isAlive() ? -1 : process.exitValue();
        }

        /**
         * An exception for {@code what} with the exit code and the end of stderr, once the process has ended (a
         * process still running after 2 s is killed).
         */
        IllegalStateException failure(String what) {
            int exit = awaitExit(FAILURE_GRACE_SECONDS);
            String tail = stderr.awaitTail();
            return new IllegalStateException(what + " (exit code " + exit + " of " + String.join(" ", command) + ")"
                    + (tail.isEmpty() ? "; it wrote nothing to stderr" : "; the end of its stderr:\n" + tail));
        }
    }

    private static ChildProcess start(List<String> command, int threads) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));

        try {
            Process process = builder.start();
            return new ChildProcess(process, OutputTail.drain(process.getErrorStream(), "torch_bench"), command);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (" + e.getMessage() + "); install "
                    + "PyTorch with '" + INSTALL_COMMAND + "' or pass the path of a Python that has it", e);
        }
    }

    /** The script, copied from the class path to a temporary file (deleted on exit) on first use. */
    private static synchronized Path script() {
        if (script != null) {
            return script;
        }

        try (InputStream in = TorchSide.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " is missing from the class path next to "
                        + TorchSide.class.getName() + "; rebuild the benchmarks module");
            }
            Path file = Files.createTempFile("torch_bench", ".py");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            script = file;
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + SCRIPT_RESOURCE + " to a temporary file", e);
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ", must be at least 1");
        }
    }

    private static void requirePositiveFinite(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ", must be positive and finite");
        }
    }

    /**
     * Reads a child's stream on a daemon thread: logs each line at DEBUG (warnings at WARN) and keeps the last
     * 30 lines for error messages.
     */
    private static final class OutputTail implements Runnable {

        private final BufferedReader reader;
        private final Deque<String> tail = new ArrayDeque<>();
        private final Thread thread;

        private OutputTail(InputStream stream, String name) {
            this.reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            this.thread = new Thread(this, name + "-stderr");
            thread.setDaemon(true);
        }

        static OutputTail drain(InputStream stream, String name) {
            OutputTail output = new OutputTail(stream, name);
            output.thread.start();
            return output;
        }

        @Override
        public void run() {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.toLowerCase(Locale.ROOT).contains("warning")) {
                        LOG.warn("PyTorch: {}", line);
                    } else {
                        LOG.debug("PyTorch stderr: {}", line);
                    }
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > STDERR_TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("Stopped reading the PyTorch process's output: {}", e.getMessage());
            }
        }

        /** The kept lines, joined by newlines, after the stream has ended (waiting up to 5 s for it). */
        String awaitTail() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (tail) {
                return String.join("\n", tail);
            }
        }

        /** The last non-blank line, after the stream has ended. */
        Optional<String> lastLine() {
            String all = awaitTail();
            return all.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip);
        }
    }
}
