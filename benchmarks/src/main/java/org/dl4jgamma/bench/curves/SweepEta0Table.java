package org.dl4jgamma.bench.curves;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * eta0* per gamma0 read from a finished sweep ({@code ./dl4j-gamma sweep --out DIR}), for one depth: the eta0
 * tuned per gamma0 that the best-gamma comparison needs.
 *
 * <p>From {@code DIR/results.csv} it takes the trials of the wanted depth that completed ({@code status OK}) at the
 * full length (the most steps any trial of that (protocol, gamma0, seed) ran, so that the guided protocol's short
 * screening runs do not count). For each (gamma0, seed), eta0* is the eta0 of the lowest final loss; for each
 * gamma0 the table holds the geometric mean of eta0* over seeds. Trials of the {@code reference} protocol are used
 * when there are any at that depth, else those of the first protocol in the file. The dataset the sweep ran on is
 * read from {@code DIR/sweep-settings.properties} ({@code dataset}; {@code fashion-mnist} when the file is absent,
 * the sweep's default).
 *
 * <p>{@link #eta0At} answers for any gamma0 inside the sweep's range: exactly at a swept gamma0, else by linear
 * interpolation of log10 eta0* in log10 gamma0 between the two neighbours.
 */
public final class SweepEta0Table {

    /** Protocol preferred when the file holds several. */
    public static final String PREFERRED_PROTOCOL = "reference";

    private final String dataset;
    private final String protocol;
    private final TreeMap<Double, Double> log10Eta0ByLog10Gamma = new TreeMap<>();

    private SweepEta0Table(String dataset, String protocol) {
        this.dataset = dataset;
        this.protocol = protocol;
    }

    /**
     * @param sweepDir the sweep's output directory
     * @param depth    the depth L whose eta0* are wanted
     * @return the table
     * @throws IOException              if results.csv is missing or unreadable; the message names the file
     * @throws IllegalArgumentException if the sweep has no completed trial at that depth
     */
    public static SweepEta0Table read(Path sweepDir, int depth) throws IOException {
        Path results = sweepDir.resolve("results.csv");
        if (!Files.isRegularFile(results)) {
            throw new IOException(results + " not found; --sweep-results takes the --out directory of a finished"
                    + " './dl4j-gamma sweep'");
        }

        List<CSVRecord> rows;
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader reader = Files.newBufferedReader(results, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            rows = parser.getRecords();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(results + ": cannot read it as the sweep's CSV (" + e.getMessage() + ")", e);
        }

        String protocol = chooseProtocol(rows, depth, results);
        SweepEta0Table table = new SweepEta0Table(datasetOf(sweepDir), protocol);
        try {
            table.fill(rows, depth);
        } catch (IllegalArgumentException e) {
            throw new IOException(results + ": " + e.getMessage() + "; the file was edited or damaged", e);
        }
        if (table.log10Eta0ByLog10Gamma.isEmpty()) {
            throw new IllegalArgumentException(results + " has no completed trial at depth " + depth + "; run the"
                    + " sweep with --depths including " + depth + ", or pass --depth to match the sweep");
        }
        return table;
    }

    private static String chooseProtocol(List<CSVRecord> rows, int depth, Path file) {
        String first = null;
        for (CSVRecord row : rows) {
            if (!row.isMapped("protocol") || !row.isMapped("depth")) {
                throw new IllegalArgumentException(file + " lacks the protocol/depth columns; is it a sweep's"
                        + " results.csv?");
            }
            if (Integer.parseInt(row.get("depth")) != depth) {
                continue;
            }
            if (row.get("protocol").equals(PREFERRED_PROTOCOL)) {
                return PREFERRED_PROTOCOL;
            }
            if (first == null) {
                first = row.get("protocol");
            }
        }
        return first == null ? PREFERRED_PROTOCOL : first;
    }

    private static String datasetOf(Path sweepDir) throws IOException {
        Path settings = sweepDir.resolve("sweep-settings.properties");
        if (!Files.isRegularFile(settings)) {
            return "fashion-mnist";
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(settings, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties.getProperty("dataset", "fashion-mnist");
    }

    private record Point(double gamma0, long seed) {
    }

    private void fill(List<CSVRecord> rows, int depth) {
        Map<Point, Integer> fullSteps = new HashMap<>();
        List<CSVRecord> mine = new ArrayList<>();
        for (CSVRecord row : rows) {
            if (row.get("protocol").equals(protocol) && Integer.parseInt(row.get("depth")) == depth) {
                mine.add(row);
                fullSteps.merge(pointOf(row), Integer.parseInt(row.get("steps")), Math::max);
            }
        }

        Map<Point, double[]> best = new HashMap<>();
        for (CSVRecord row : mine) {
            Point point = pointOf(row);
            double loss = Double.parseDouble(row.get("final_loss"));
            boolean full = Integer.parseInt(row.get("steps")) == fullSteps.get(point);
            if (!row.get("status").equals("OK") || !full || !Double.isFinite(loss)) {
                continue;
            }
            double[] current = best.get(point);
            if (current == null || loss < current[1]) {
                best.put(point, new double[] {Double.parseDouble(row.get("eta0")), loss});
            }
        }

        Map<Double, List<Double>> byGamma = new TreeMap<>();
        best.forEach((point, value) -> byGamma.computeIfAbsent(Math.log10(point.gamma0()), g -> new ArrayList<>())
                .add(Math.log10(value[0])));
        byGamma.forEach((logGamma, logEtas) -> log10Eta0ByLog10Gamma.put(logGamma,
                logEtas.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
    }

    private static Point pointOf(CSVRecord row) {
        return new Point(Double.parseDouble(row.get("gamma0")), Long.parseLong(row.get("seed")));
    }

    /** @return the dataset the sweep ran on */
    public String dataset() {
        return dataset;
    }

    /** @return the protocol whose trials were used */
    public String protocol() {
        return protocol;
    }

    /** @return the swept gamma0 with their eta0* (geometric mean over seeds), ascending in gamma0 */
    public Map<Double, Double> eta0Star() {
        Map<Double, Double> map = new TreeMap<>();
        log10Eta0ByLog10Gamma.forEach((g, e) -> map.put(Math.pow(10, g), Math.pow(10, e)));
        return map;
    }

    /**
     * @param gamma0 a positive gamma0
     * @return eta0* there (interpolated in log-log between swept gamma0), or NaN outside the swept range
     */
    public double eta0At(double gamma0) {
        double g = Math.log10(gamma0);
        Map.Entry<Double, Double> below = log10Eta0ByLog10Gamma.floorEntry(g + 1e-9);
        Map.Entry<Double, Double> above = log10Eta0ByLog10Gamma.ceilingEntry(g - 1e-9);
        if (below == null || above == null) {
            return Double.NaN;
        }
        if (Math.abs(above.getKey() - below.getKey()) < 1e-9) {
            return Math.pow(10, below.getValue());
        }
        double w = (g - below.getKey()) / (above.getKey() - below.getKey());
        return Math.pow(10, below.getValue() + w * (above.getValue() - below.getValue()));
    }
}
