package org.dl4jgamma.bench.results;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dl4jgamma.bench.sweep.LossKind;
import org.dl4jgamma.bench.sweep.TrialResult;
import org.dl4jgamma.bench.sweep.TrialSpec;
import org.dl4jgamma.bench.sweep.TrialStatus;
import org.dl4jgamma.bench.sweep.TrialStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link TrialStore}: {@code results.csv} (one row per finished trial) and {@code curves.csv} (its
 * online loss curve) in an output directory.
 *
 * <p><b>Durability.</b> Each finished trial becomes one line per file, written with a single {@code write} call
 * and flushed to the operating system at once; the curve is written before the result, so a trial counts as
 * finished only when its {@code results.csv} line is complete. A process killed with SIGKILL therefore loses at
 * most the trials in flight, and can leave at most a last line without its newline. On opening, such a
 * half-written last line is detected (the file does not end with a newline), logged, dropped and cut off the
 * file, never parsed. A complete line that does not parse is an error naming the file and line. On resume,
 * curves.csv is reconciled with results.csv: a curve whose trial is not in results.csv (written just before a
 * crash, or its result line was cut) and a repeated curve are dropped, so each finished trial has one curve.
 *
 * <p><b>Columns of results.csv:</b> protocol, depth, width, gamma0, eta0, seed, steps, batch, loss, precision
 * (the trial), then status, steps_run, final_loss, test_loss, test_accuracy, seconds. Numbers are written with
 * {@link Double#toString}, which reads back to the identical double. <b>curves.csv</b> has the same ten trial
 * columns, then {@code losses}: the per-step online losses separated by spaces.
 */
public final class CsvTrialStore implements TrialStore {

    /** File name of the results table. */
    public static final String RESULTS_FILE = "results.csv";

    /** File name of the loss curves. */
    public static final String CURVES_FILE = "curves.csv";

    static final List<String> TRIAL_COLUMNS = List.of("protocol", "depth", "width", "gamma0", "eta0", "seed", "steps",
            "batch", "loss", "precision");
    static final List<String> RESULT_COLUMNS = List.of("status", "steps_run", "final_loss", "test_loss",
            "test_accuracy", "seconds");
    static final List<String> CURVE_COLUMNS = List.of("losses");

    private static final Logger LOG = LoggerFactory.getLogger(CsvTrialStore.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private final Path resultsFile;
    private final Path curvesFile;
    private final Map<Key, TrialResult> results = new LinkedHashMap<>();
    private final OutputStream resultsOut;
    private final OutputStream curvesOut;

    private record Key(String protocol, TrialSpec spec) {
    }

    /**
     * A result as stored: the trial, the protocol that asked for it, and the result.
     *
     * @param protocol the protocol's name
     * @param result   the result, with its loss curve (empty if curves.csv lacked it)
     */
    public record StoredTrial(String protocol, TrialResult result) {
    }

    private CsvTrialStore(Path dir, boolean resume) throws IOException {
        Files.createDirectories(dir);
        this.resultsFile = dir.resolve(RESULTS_FILE);
        this.curvesFile = dir.resolve(CURVES_FILE);

        if (resume) {
            load();
        } else {
            Files.deleteIfExists(resultsFile);
            Files.deleteIfExists(curvesFile);
        }
        writeHeaderIfNew(resultsFile, concat(TRIAL_COLUMNS, RESULT_COLUMNS));
        writeHeaderIfNew(curvesFile, concat(TRIAL_COLUMNS, CURVE_COLUMNS));
        this.resultsOut = new FileOutputStream(resultsFile.toFile(), true);
        this.curvesOut = new FileOutputStream(curvesFile.toFile(), true);
    }

    /**
     * Starts new, empty files in {@code dir}, replacing any there.
     *
     * @param dir the output directory, created if needed
     * @return the store
     * @throws IOException if the files cannot be written
     */
    public static CsvTrialStore create(Path dir) throws IOException {
        return new CsvTrialStore(dir, false);
    }

    /**
     * Opens the files in {@code dir} to resume: reads every complete trial, drops a half-written last line, and
     * appends after it. Missing files are started empty.
     *
     * @param dir the output directory
     * @return the store, holding the trials found
     * @throws IOException if a file cannot be read or a complete line is malformed
     */
    public static CsvTrialStore resume(Path dir) throws IOException {
        return new CsvTrialStore(dir, true);
    }

    /** @return every stored trial, in the order they were recorded */
    public synchronized List<StoredTrial> all() {
        List<StoredTrial> list = new ArrayList<>();
        results.forEach((key, result) -> list.add(new StoredTrial(key.protocol(), result)));
        return list;
    }

    @Override
    public synchronized Optional<TrialResult> find(String protocol, TrialSpec spec) {
        return Optional.ofNullable(results.get(new Key(protocol, spec)));
    }

    @Override
    public synchronized void record(String protocol, TrialResult result) {
        List<String> trial = trialValues(protocol, result.spec());
        String[] losses = new String[result.lossCurve().length];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = Double.toString(result.lossCurve()[i]);
        }
        List<String> curveRow = new ArrayList<>(trial);
        curveRow.add(String.join(" ", losses));
        List<String> resultRow = new ArrayList<>(trial);
        resultRow.addAll(List.of(result.status().name(), Integer.toString(result.stepsRun()),
                Double.toString(result.finalLoss()), Double.toString(result.testLoss()),
                Double.toString(result.testAccuracy()), Double.toString(result.seconds())));

        try {
            appendLine(curvesOut, curveRow);
            appendLine(resultsOut, resultRow);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + resultsFile + " or " + curvesFile, e);
        }
        results.put(new Key(protocol, result.spec()), result);
    }

    /** Closes the files. */
    public synchronized void close() throws IOException {
        resultsOut.close();
        curvesOut.close();
    }

    private static void appendLine(OutputStream out, List<String> values) throws IOException {
        byte[] line = (FORMAT.format(values.toArray()) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        out.flush();
    }

    private static List<String> trialValues(String protocol, TrialSpec spec) {
        return List.of(protocol, Integer.toString(spec.depth()), Integer.toString(spec.width()),
                Double.toString(spec.gamma0()), Double.toString(spec.eta0()), Long.toString(spec.seed()),
                Integer.toString(spec.steps()), Integer.toString(spec.batchSize()), spec.loss().name().toLowerCase(),
                spec.useDouble() ? "double" : "float");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void writeHeaderIfNew(Path file, List<String> header) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            Files.writeString(file, FORMAT.format(header.toArray()) + "\n", StandardCharsets.UTF_8);
        }
    }

    private void load() throws IOException {
        Map<Key, CSVRecord> curves = new HashMap<>();
        int curveRows = 0;
        for (CSVRecord record : readComplete(curvesFile, concat(TRIAL_COLUMNS, CURVE_COLUMNS))) {
            curveRows++;
            curves.putIfAbsent(parseKey(curvesFile, record), record);
        }

        List<CSVRecord> keptCurves = new ArrayList<>();
        for (CSVRecord record : readComplete(resultsFile, concat(TRIAL_COLUMNS, RESULT_COLUMNS))) {
            Key key = parseKey(resultsFile, record);
            CSVRecord curve = curves.remove(key);
            if (curve != null) {
                keptCurves.add(curve);
            }
            results.put(key, parseResult(resultsFile, record, key.spec(),
                    curve == null ? new double[0] : parseCurve(curvesFile, curve)));
        }
        if (keptCurves.size() != curveRows) {
            rewriteCurves(keptCurves, curveRows);
        }
        if (keptCurves.size() < results.size()) {
            LOG.warn("{}: {} of the {} finished trials have no loss curve; their curve plots will lack them",
                    curvesFile, results.size() - keptCurves.size(), results.size());
        }
        LOG.info("Resuming from {}: {} finished trials", resultsFile, results.size());
    }

    /**
     * Rewrites curves.csv with one curve per finished trial, in the order of results.csv: curves of trials that
     * never reached results.csv (the sweep stopped between the two writes, or results.csv was cut) and repeated
     * curves are dropped, so a trial run again on resume does not get a second curve.
     */
    private void rewriteCurves(List<CSVRecord> kept, int rowsBefore) throws IOException {
        StringBuilder text = new StringBuilder(FORMAT.format(concat(TRIAL_COLUMNS, CURVE_COLUMNS).toArray()))
                .append('\n');
        for (CSVRecord record : kept) {
            text.append(FORMAT.format(record.toList().toArray())).append('\n');
        }
        Path temporary = curvesFile.resolveSibling(CURVES_FILE + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, curvesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("{}: dropped {} curve(s) of trials not in {}, or repeated", curvesFile, rowsBefore - kept.size(),
                RESULTS_FILE);
    }

    /**
     * Reads the complete lines of a file, after cutting off a half-written last line.
     */
    private static List<CSVRecord> readComplete(Path file, List<String> header) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            LOG.warn("{}: dropping a half-written last line ({} characters, the sweep was stopped while writing it)",
                    file, text.length() - end);
            text = text.substring(0, end);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(text.getBytes(StandardCharsets.UTF_8).length);
            }
        }
        if (text.isEmpty()) {
            return List.of();
        }

        CSVFormat format = FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            if (!parser.getHeaderNames().equals(header)) {
                throw new IOException(file + ": header " + parser.getHeaderNames() + ", expected " + header
                        + "; was it written by another version? use a new --out directory");
            }
            List<CSVRecord> records = parser.getRecords();
            for (CSVRecord record : records) {
                if (record.size() != header.size()) {
                    throw new IOException(file + ", line " + (record.getRecordNumber() + 1) + ": " + record.size()
                            + " columns, expected " + header.size() + "; the file was edited or damaged");
                }
            }
            return records;
        }
    }

    private static Key parseKey(Path file, CSVRecord r) throws IOException {
        try {
            LossKind loss = LossKind.valueOf(r.get("loss").toUpperCase());
            boolean useDouble = switch (r.get("precision")) {
                case "double" -> true;
                case "float" -> false;
                default -> throw new IllegalArgumentException("precision '" + r.get("precision")
                        + "', expected float or double");
            };
            TrialSpec spec = new TrialSpec(Integer.parseInt(r.get("depth")), Integer.parseInt(r.get("width")),
                    Double.parseDouble(r.get("gamma0")), Double.parseDouble(r.get("eta0")),
                    Long.parseLong(r.get("seed")), Integer.parseInt(r.get("steps")), Integer.parseInt(r.get("batch")),
                    loss, useDouble);
            return new Key(r.get("protocol"), spec);
        } catch (IllegalArgumentException e) {
            throw malformed(file, r, e);
        }
    }

    private static double[] parseCurve(Path file, CSVRecord r) throws IOException {
        String text = r.get("losses").trim();
        if (text.isEmpty()) {
            return new double[0];
        }
        try {
            return Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw malformed(file, r, e);
        }
    }

    private static TrialResult parseResult(Path file, CSVRecord r, TrialSpec spec, double[] curve)
            throws IOException {
        try {
            return new TrialResult(spec, TrialStatus.valueOf(r.get("status")), Integer.parseInt(r.get("steps_run")),
                    Double.parseDouble(r.get("final_loss")), Double.parseDouble(r.get("test_loss")),
                    Double.parseDouble(r.get("test_accuracy")), Double.parseDouble(r.get("seconds")), curve);
        } catch (IllegalArgumentException e) {
            throw malformed(file, r, e);
        }
    }

    private static IOException malformed(Path file, CSVRecord r, Exception e) {
        return new IOException(file + ", line " + (r.getRecordNumber() + 1) + ": cannot read " + r.toList() + " ("
                + e.getMessage() + "); the file was edited or damaged", e);
    }
}
