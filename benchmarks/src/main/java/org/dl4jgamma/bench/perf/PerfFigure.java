package org.dl4jgamma.bench.perf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One figure of {@code dl4j-gamma perf}: a ratio {@code numerator / denominator} measured in one run, with its
 * spread over repetitions where there were several, and a target it should stay at or below (none for figures that
 * are only reported). A figure that could not be measured here carries the reason instead of numbers.
 *
 * @param id          short identifier, e.g. {@code "3"}
 * @param name        what is divided by what, in words
 * @param median      the ratio (median over repetitions), NaN when unavailable
 * @param min         smallest ratio over repetitions (the median itself for a single measurement)
 * @param max         largest ratio over repetitions
 * @param numerator   the numerator's median, in {@code unit}
 * @param denominator the denominator's median, in {@code unit}
 * @param unit        unit of numerator and denominator, e.g. {@code "ms per step"} or {@code "s"}
 * @param target      the ratio to stay at or below, if any
 * @param note        why the figure is missing, or a remark on it; empty if none
 */
public record PerfFigure(String id, String name, double median, double min, double max, double numerator,
                         double denominator, String unit, OptionalDouble target, String note) {

    /**
     * A figure from interleaved step timings.
     *
     * @param id     identifier
     * @param name   what is divided by what
     * @param ratio  the measured ratio
     * @param unit   unit of the per-step times
     * @param target the ratio to stay at or below, if any
     * @return the figure
     */
    public static PerfFigure of(String id, String name, StepTiming.Ratio ratio, String unit, OptionalDouble target) {
        return new PerfFigure(id, name, ratio.median(), ratio.min(), ratio.max(), ratio.msA(), ratio.msB(), unit,
                target, "");
    }

    /**
     * A figure from one measurement of each side.
     *
     * @param id          identifier
     * @param name        what is divided by what
     * @param numerator   the numerator
     * @param denominator the denominator
     * @param unit        their unit
     * @param target      the ratio to stay at or below, if any
     * @param note        a remark, or empty
     * @return the figure
     */
    public static PerfFigure single(String id, String name, double numerator, double denominator, String unit,
                                    OptionalDouble target, String note) {
        double ratio = numerator / denominator;
        return new PerfFigure(id, name, ratio, ratio, ratio, numerator, denominator, unit, target, note);
    }

    /**
     * A figure that could not be measured.
     *
     * @param id     identifier
     * @param name   what would be divided by what
     * @param target its target, if any
     * @param reason why it is missing and how to get it
     * @return the figure
     */
    public static PerfFigure unavailable(String id, String name, OptionalDouble target, String reason) {
        return new PerfFigure(id, name, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", target,
                reason);
    }

    /**
     * @param newNote a remark
     * @return this figure with {@code note} replaced
     */
    public PerfFigure withNote(String newNote) {
        return new PerfFigure(id, name, median, min, max, numerator, denominator, unit, target, newNote);
    }

    /** @return whether the figure was measured */
    public boolean measured() {
        return !Double.isNaN(median);
    }

    /** @return whether a measured figure meets its target; empty when it has no target or was not measured */
    public Optional<Boolean> met() {
        return measured() && target.isPresent()
                ? Optional.of(median <= target.getAsDouble()) : Optional.empty();
    }

    /** @return the figure as JSON-ready values; NaN and absent values are left out */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("name", name);
        if (measured()) {
            map.put("median", median);
            map.put("min", min);
            map.put("max", max);
            map.put("numerator", numerator);
            map.put("denominator", denominator);
            map.put("unit", unit);
        }
        target.ifPresent(t -> map.put("target", t));
        met().ifPresent(m -> map.put("met", m));
        if (!note.isEmpty()) {
            map.put("note", note);
        }
        return map;
    }
}
