package org.dl4jgamma.bench.curves;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Writes every finished run of the curves study to three CSV files in the output directory, each run appended
 * with one {@code write} call and flushed at once, so a killed study keeps every run that finished:
 * <ul>
 *   <li>{@code runs.csv}: dataset, depth, width, batch, steps, gamma0, eta0, eta0_source, seed, then diverged,
 *       steps_run, final_online_loss (mean of the last 10% of the steps run), final_test_loss,
 *       final_test_accuracy, final_feature_change, seconds;</li>
 *   <li>{@code online-loss.csv}: the same nine run columns, then {@code losses}, the loss of every step separated
 *       by spaces;</li>
 *   <li>{@code checkpoints.csv}: the nine run columns, then step, test_loss, test_accuracy, feature_change, one
 *       row per checkpoint.</li>
 * </ul>
 * Numbers are written with {@link Double#toString}, which reads back to the identical double, so
 * {@link #read(Path)} gives back the runs exactly (for {@code curves --replot}).
 */
public final class CurveRunStore implements AutoCloseable {

    /** The per-run table. */
    public static final String RUNS_FILE = "runs.csv";

    /** The per-step online losses. */
    public static final String ONLINE_FILE = "online-loss.csv";

    /** The checkpoint measurements. */
    public static final String CHECKPOINTS_FILE = "checkpoints.csv";

    private static final List<String> RUN_COLUMNS = List.of("dataset", "depth", "width", "batch", "steps", "gamma0",
            "eta0", "eta0_source", "seed");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private final OutputStream runs;
    private final OutputStream online;
    private final OutputStream checkpoints;

    /**
     * Starts the three files in {@code dir}, replacing any there.
     *
     * @param dir output directory, created if needed
     * @throws IOException if a file cannot be written
     */
    public CurveRunStore(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.runs = start(dir.resolve(RUNS_FILE), List.of("diverged", "steps_run", "final_online_loss",
                "final_test_loss", "final_test_accuracy", "final_feature_change", "seconds"));
        this.online = start(dir.resolve(ONLINE_FILE), List.of("losses"));
        this.checkpoints = start(dir.resolve(CHECKPOINTS_FILE), List.of("step", "test_loss", "test_accuracy",
                "feature_change"));
    }

    private static OutputStream start(Path file, List<String> extraColumns) throws IOException {
        List<String> header = new ArrayList<>(RUN_COLUMNS);
        header.addAll(extraColumns);
        Files.writeString(file, FORMAT.format(header.toArray()) + "\n", StandardCharsets.UTF_8);
        return new FileOutputStream(file.toFile(), true);
    }

    /**
     * Appends one run to the three files.
     *
     * @param run the finished run
     */
    public synchronized void record(CurveRun run) {
        List<String> key = key(run.spec());
        int last = run.checkpoints().length - 1;
        List<String> row = new ArrayList<>(key);
        row.addAll(List.of(Boolean.toString(run.diverged()), Integer.toString(run.onlineLoss().length),
                Double.toString(run.onlineLossAt(run.onlineLoss().length)),
                Double.toString(last < 0 ? Double.NaN : run.testLoss()[last]),
                Double.toString(last < 0 ? Double.NaN : run.testAccuracy()[last]),
                Double.toString(run.finalFeatureChange()), Double.toString(run.seconds())));

        List<String> losses = new ArrayList<>(key);
        StringBuilder text = new StringBuilder();
        for (double loss : run.onlineLoss()) {
            text.append(text.length() == 0 ? "" : " ").append(loss);
        }
        losses.add(text.toString());

        StringBuilder checkpointRows = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            List<String> checkpoint = new ArrayList<>(key);
            checkpoint.addAll(List.of(Integer.toString(run.checkpoints()[i]), Double.toString(run.testLoss()[i]),
                    Double.toString(run.testAccuracy()[i]), Double.toString(run.featureChange()[i])));
            checkpointRows.append(FORMAT.format(checkpoint.toArray())).append('\n');
        }

        try {
            write(online, FORMAT.format(losses.toArray()) + "\n");
            write(checkpoints, checkpointRows.toString());
            write(runs, FORMAT.format(row.toArray()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append run " + run.spec().label() + " to the CSV files", e);
        }
    }

    /**
     * Reads the runs back from {@code online-loss.csv}, {@code checkpoints.csv} and {@code runs.csv} in {@code dir}.
     *
     * The spec of a run read back lists the checkpoints it reached (for a diverged run, fewer than were planned).
     *
     * @param dir a directory written by this store
     * @return the runs, in the order they finished
     * @throws IOException if a file is missing or a line does not parse; the message names the file
     */
    public static List<CurveRun> read(Path dir) throws IOException {
        try {
            return parse(dir);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": a run in the CSV files does not parse (" + e.getMessage() + "); the files"
                    + " were edited or damaged, run the study again", e);
        }
    }

    private static List<CurveRun> parse(Path dir) throws IOException {
        Map<List<String>, double[]> losses = new LinkedHashMap<>();
        for (CSVRecord r : records(dir.resolve(ONLINE_FILE))) {
            String text = r.get("losses").trim();
            losses.put(keyOf(r), text.isEmpty() ? new double[0]
                    : Arrays.stream(text.split(" ")).mapToDouble(Double::parseDouble).toArray());
        }
        Map<List<String>, List<double[]>> checkpointRows = new HashMap<>();
        for (CSVRecord r : records(dir.resolve(CHECKPOINTS_FILE))) {
            checkpointRows.computeIfAbsent(keyOf(r), k -> new ArrayList<>()).add(new double[] {
                Double.parseDouble(r.get("step")), Double.parseDouble(r.get("test_loss")),
                Double.parseDouble(r.get("test_accuracy")), Double.parseDouble(r.get("feature_change"))});
        }

        List<CurveRun> runs = new ArrayList<>();
        for (CSVRecord r : records(dir.resolve(RUNS_FILE))) {
            List<String> key = keyOf(r);
            List<double[]> rows = checkpointRows.getOrDefault(key, List.of());
            int[] steps = rows.stream().mapToInt(row -> (int) row[0]).toArray();
            CurveRunSpec spec = new CurveRunSpec(key.get(0), Integer.parseInt(key.get(1)), Integer.parseInt(key.get(2)),
                    Integer.parseInt(key.get(3)), Integer.parseInt(key.get(4)), Double.parseDouble(key.get(5)),
                    Double.parseDouble(key.get(6)), key.get(7), Long.parseLong(key.get(8)), steps);
            runs.add(new CurveRun(spec, Boolean.parseBoolean(r.get("diverged")),
                    losses.getOrDefault(key, new double[0]), steps, column(rows, 1), column(rows, 2), column(rows, 3),
                    Double.parseDouble(r.get("seconds"))));
        }
        return runs;
    }

    private static double[] column(List<double[]> rows, int index) {
        return rows.stream().mapToDouble(row -> row[index]).toArray();
    }

    private static List<String> keyOf(CSVRecord r) {
        List<String> key = new ArrayList<>();
        for (String column : RUN_COLUMNS) {
            key.add(r.get(column));
        }
        return key;
    }

    private static List<CSVRecord> records(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " not found; --replot needs the --out directory of a finished"
                    + " './dl4j-gamma curves'");
        }
        CSVFormat format = FORMAT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            return parser.getRecords();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + ": cannot read it (" + e.getMessage() + "); the file was edited or damaged",
                    e);
        }
    }

    private static List<String> key(CurveRunSpec spec) {
        return List.of(spec.dataset(), Integer.toString(spec.depth()), Integer.toString(spec.width()),
                Integer.toString(spec.batchSize()), Integer.toString(spec.steps()), Double.toString(spec.gamma0()),
                Double.toString(spec.eta0()), spec.eta0Source(), Long.toString(spec.seed()));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Closes the files. */
    @Override
    public synchronized void close() throws IOException {
        runs.close();
        online.close();
        checkpoints.close();
    }
}
