package org.dl4jgamma.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dl4jgamma.bench.sweep.LogGrid;
import org.dl4jgamma.bench.sweep.SearchOutcome;
import org.dl4jgamma.bench.sweep.TrialResult;

/**
 * A heatmap of the final training loss over (log10 gamma0, log10 eta0) for one (protocol, depth), drawn with
 * Java2D so that diverged runs and eta0* can be marked: colour = log10 of the final loss (mean over seeds),
 * grey = diverged for every seed, white = not run, ring = eta0* of a seed. Only full-length trials are shown.
 */
public final class HeatmapPlot implements Painter {

    /** Width of the picture in pixels. */
    public static final int WIDTH = 900;

    /** Height of the picture in pixels. */
    public static final int HEIGHT = 680;

    private static final Color DIVERGED = new Color(0xbdbdbd);
    private static final Color STAR = new Color(0xe4002b);
    private static final int LEFT = 90;
    private static final int RIGHT = 170;
    private static final int TOP = 60;
    private static final int BOTTOM = 75;

    private final String title;
    private final List<Double> gammas;
    private final int etaMin;
    private final int etaMax;
    private final double[][] log10Loss;
    private final boolean[][] diverged;
    private final List<int[]> stars = new ArrayList<>();
    private double lossMin = Double.POSITIVE_INFINITY;
    private double lossMax = Double.NEGATIVE_INFINITY;

    /**
     * @param title     the title
     * @param gammas    the gamma0 values of the columns, ascending
     * @param outcomes  the outcomes of one (protocol, depth), any seeds
     * @param fullSteps steps of a full-length trial
     */
    public HeatmapPlot(String title, List<Double> gammas, List<SearchOutcome> outcomes, int fullSteps) {
        this.title = title;
        this.gammas = List.copyOf(gammas);
        LogGrid etaGrid = new LogGrid(2);
        LogGrid gammaGrid = new LogGrid(1000);

        Map<Integer, Map<Integer, List<TrialResult>>> cells = new TreeMap<>();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (SearchOutcome outcome : outcomes) {
            int column = columnOf(gammaGrid, outcome.gamma0());
            for (TrialResult trial : outcome.trials()) {
                if (trial.spec().steps() != fullSteps || column < 0) {
                    continue;
                }
                int k = etaGrid.nearestIndex(trial.spec().eta0());
                min = Math.min(min, k);
                max = Math.max(max, k);
                cells.computeIfAbsent(column, c -> new TreeMap<>()).computeIfAbsent(k, r -> new ArrayList<>())
                        .add(trial);
            }
            if (outcome.best() != null && column >= 0) {
                stars.add(new int[] {column, etaGrid.nearestIndex(outcome.eta0Star())});
            }
        }
        this.etaMin = min == Integer.MAX_VALUE ? 0 : min;
        this.etaMax = max == Integer.MIN_VALUE ? 0 : max;

        int rows = etaMax - etaMin + 1;
        this.log10Loss = new double[gammas.size()][rows];
        this.diverged = new boolean[gammas.size()][rows];
        for (double[] column : log10Loss) {
            Arrays.fill(column, Double.NaN);
        }
        cells.forEach((column, byRow) -> byRow.forEach((k, trials) -> fill(column, k - etaMin, trials)));
    }

    private int columnOf(LogGrid fine, double gamma0) {
        for (int i = 0; i < gammas.size(); i++) {
            if (fine.nearestIndex(gammas.get(i)) == fine.nearestIndex(gamma0)) {
                return i;
            }
        }
        return -1;
    }

    private void fill(int column, int row, List<TrialResult> trials) {
        double sum = 0;
        int ok = 0;
        for (TrialResult trial : trials) {
            if (trial.ok()) {
                sum += trial.finalLoss();
                ok++;
            }
        }
        if (ok == 0) {
            diverged[column][row] = true;
            return;
        }
        double value = Math.log10(sum / ok);
        log10Loss[column][row] = value;
        if (Double.isFinite(value)) {
            lossMin = Math.min(lossMin, value);
            lossMax = Math.max(lossMax, value);
        }
    }

    @Override
    public int width() {
        return WIDTH;
    }

    @Override
    public int height() {
        return HEIGHT;
    }

    @Override
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));

        int columns = gammas.size();
        int rows = etaMax - etaMin + 1;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double cellWidth = plotWidth / columns;
        double cellHeight = plotHeight / rows;

        paintCells(g, columns, rows, cellWidth, cellHeight);
        paintStars(g, rows, cellWidth, cellHeight);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(LEFT, TOP, plotWidth, plotHeight));
        paintAxes(g, columns, rows, cellWidth, cellHeight);
        paintColourBar(g);
    }

    private void paintCells(Graphics2D g, int columns, int rows, double cellWidth, double cellHeight) {
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < rows; r++) {
                double x = LEFT + c * cellWidth;
                double y = TOP + (rows - 1 - r) * cellHeight;
                Color colour;
                if (diverged[c][r]) {
                    colour = DIVERGED;
                } else if (Double.isNaN(log10Loss[c][r])) {
                    colour = Color.WHITE;
                } else {
                    colour = colourOf(log10Loss[c][r]);
                }
                g.setColor(colour);
                g.fill(new Rectangle2D.Double(x, y, cellWidth + 0.5, cellHeight + 0.5));
            }
        }
    }

    private void paintStars(Graphics2D g, int rows, double cellWidth, double cellHeight) {
        double size = Math.min(cellWidth, cellHeight) * 0.6;
        for (int[] star : stars) {
            double cx = LEFT + (star[0] + 0.5) * cellWidth;
            double cy = TOP + (rows - 1 - (star[1] - etaMin) + 0.5) * cellHeight;
            Ellipse2D ring = new Ellipse2D.Double(cx - size / 2, cy - size / 2, size, size);
            g.setStroke(new BasicStroke(4f));
            g.setColor(Color.WHITE);
            g.draw(ring);
            g.setStroke(new BasicStroke(2f));
            g.setColor(STAR);
            g.draw(ring);
        }
    }

    private void paintAxes(Graphics2D g, int columns, int rows, double cellWidth, double cellHeight) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 32);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        for (int c = 0; c < columns; c++) {
            String label = String.format(Locale.ROOT, "%.1f", Math.log10(gammas.get(c)));
            double x = LEFT + (c + 0.5) * cellWidth;
            g.drawString(label, (float) (x - fm.stringWidth(label) / 2.0), HEIGHT - BOTTOM + 18);
        }
        int every = rows > 24 ? 2 : 1;
        for (int r = 0; r < rows; r += every) {
            String label = String.format(Locale.ROOT, "%.1f", (etaMin + r) / 2.0);
            double y = TOP + (rows - 1 - r + 0.5) * cellHeight + fm.getAscent() / 2.0 - 1;
            g.drawString(label, (float) (LEFT - 8 - fm.stringWidth(label)), (float) y);
        }

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        fm = g.getFontMetrics();
        String xLabel = "log10 gamma0";
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, HEIGHT - 25);
        String yLabel = "log10 eta0";
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + fm.stringWidth(yLabel)) / 2), 28);
        g.setTransform(saved);
    }

    private void paintColourBar(Graphics2D g) {
        int x = WIDTH - RIGHT + 30;
        int barWidth = 22;
        int top = TOP;
        int barHeight = (HEIGHT - TOP - BOTTOM) * 2 / 3;
        for (int i = 0; i < barHeight; i++) {
            double t = 1 - (double) i / (barHeight - 1);
            g.setColor(interpolate(t));
            g.fillRect(x, top + i, barWidth, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, top, barWidth, barHeight);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        double low = Double.isFinite(lossMin) ? lossMin : 0;
        double high = Double.isFinite(lossMax) ? lossMax : 1;
        double[] ticks = roundTicks(low, high, 6);
        String pattern = "%." + decimalsOf(ticks[0]) + "f";
        for (int i = 1; i < ticks.length; i++) {
            double fraction = high > low ? (ticks[i] - low) / (high - low) : 0;
            int y = top + barHeight - (int) Math.round(barHeight * fraction);
            g.drawLine(x + barWidth, y, x + barWidth + 4, y);
            g.drawString(String.format(Locale.ROOT, pattern, ticks[i] + 0.0), x + barWidth + 7,
                    y + fm.getAscent() / 2 - 1);
        }
        g.drawString("log10 final loss", x - 18, top - 10);

        int legendY = top + barHeight + 30;
        g.setColor(DIVERGED);
        g.fillRect(x, legendY, 18, 14);
        g.setColor(Color.BLACK);
        g.drawRect(x, legendY, 18, 14);
        g.drawString("diverged", x + 26, legendY + 12);

        Ellipse2D ring = new Ellipse2D.Double(x + 1, legendY + 27, 16, 16);
        g.setStroke(new BasicStroke(2f));
        g.setColor(STAR);
        g.draw(ring);
        g.setColor(Color.BLACK);
        g.drawString("eta0*", x + 26, legendY + 40);
        g.drawRect(x, legendY + 54, 18, 14);
        g.drawString("not run", x + 26, legendY + 66);
    }

    private Color colourOf(double value) {
        if (!Double.isFinite(value) || !(lossMax > lossMin)) {
            return interpolate(0.5);
        }
        return interpolate((value - lossMin) / (lossMax - lossMin));
    }

    /** Viridis colour map: 0 = dark purple (low loss), 1 = yellow (high loss). */
    private static Color interpolate(double t) {
        return Viridis.at(t);
    }

    /**
     * Round tick values for an axis from {@code low} to {@code high}: multiples of a step of 1, 2 or 5 times a
     * power of ten, the smallest such step that gives at most {@code maxTicks} ticks inside the range.
     *
     * @param low      lower end
     * @param high     upper end, at least {@code low}
     * @param maxTicks most ticks wanted, at least 2
     * @return {step, first tick, second tick, ...}, ascending; only the step and {@code low} when the range is empty
     */
    static double[] roundTicks(double low, double high, int maxTicks) {
        if (!(high > low)) {
            return new double[] {0, low};
        }
        double step = Double.NaN;
        for (double decade = Math.pow(10, Math.floor(Math.log10((high - low) / maxTicks)) - 1); ; decade *= 10) {
            for (double m : new double[] {1, 2, 5}) {
                step = m * decade;
                if (Math.floor(high / step + 1e-9) - Math.ceil(low / step - 1e-9) + 1 <= maxTicks) {
                    break;
                }
                step = Double.NaN;
            }
            if (!Double.isNaN(step)) {
                break;
            }
        }
        long first = (long) Math.ceil(low / step - 1e-9);
        long last = (long) Math.floor(high / step + 1e-9);
        double[] ticks = new double[(int) (last - first + 2)];
        ticks[0] = step;
        for (long k = first; k <= last; k++) {
            ticks[(int) (k - first + 1)] = k * step;
        }
        return ticks;
    }

    /** @return the decimals needed to write multiples of {@code step} exactly */
    static int decimalsOf(double step) {
        return Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    }
}
