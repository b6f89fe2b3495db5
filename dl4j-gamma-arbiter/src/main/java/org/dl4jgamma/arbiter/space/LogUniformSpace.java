package org.dl4jgamma.arbiter.space;

import java.io.IOException;
import java.util.Objects;

import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.deser.std.StdDeserializer;

/**
 * A continuous Arbiter dimension spread evenly over decades: for the uniform draw {@code u} in [0, 1],
 *
 * <pre>
 *   value = exp( ln(min) + u * (ln(max) - ln(min)) ) = min * (max / min)^u
 * </pre>
 *
 * so each decade between {@code min} and {@code max} is equally likely. The default way to search gamma0 (e.g.
 * {@code new LogUniformSpace(1e-2, 1e3)}) and the rule constant c. Share one instance between the gamma output
 * layer space and the regime updater space to make gamma one dimension; the sharing survives JSON (see
 * {@link SharedLeafSpace}).
 */
@JsonDeserialize(using = LogUniformSpace.Deserializer.class)
public class LogUniformSpace extends SharedLeafSpace<Double> {

    private static final long serialVersionUID = 1L;

    private double min;

    private double max;

    /**
     * A log-uniform space on [min, max].
     *
     * @param min lower end, finite and {@code > 0}
     * @param max upper end, finite and {@code >= min}
     * @throws IllegalArgumentException naming the bad bound
     */
    public LogUniformSpace(double min, double max) {
        if (!(min > 0) || !Double.isFinite(min) || !(max >= min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("A log-uniform space needs 0 < min <= max < infinity, got min = " + min
                    + ", max = " + max + "; e.g. new LogUniformSpace(1e-2, 1e3) for gamma0.");
        }
        this.min = min;
        this.max = max;
    }

    /**
     * The value for Arbiter's candidate vector: {@code min * (max / min)^u} with {@code u = parameterValues[index]}.
     *
     * @param parameterValues Arbiter's candidate vector, entries in [0, 1]
     * @return the value in [min, max]
     */
    @Override
    public Double getValue(double[] parameterValues) {
        return valueAt(draw(parameterValues));
    }

    /**
     * The value for a uniform draw {@code u}: {@code exp(ln min + u (ln max - ln min))}, clamped to [min, max]
     * against rounding.
     *
     * @param u the draw in [0, 1]
     * @return the value
     */
    public double valueAt(double u) {
        double logMin = Math.log(min);
        double value = Math.exp(logMin + u * (Math.log(max) - logMin));
        return Math.min(max, Math.max(min, value));
    }

    /**
     * The lower end.
     *
     * @return min
     */
    public double getMin() {
        return min;
    }

    /**
     * The upper end.
     *
     * @return max
     */
    public double getMax() {
        return max;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LogUniformSpace)) {
            return false;
        }
        LogUniformSpace s = (LogUniformSpace) o;
        return Double.compare(min, s.min) == 0 && Double.compare(max, s.max) == 0 && index == s.index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(min, max, index);
    }

    @Override
    public String toString() {
        return "LogUniformSpace(min=" + min + ", max=" + max + ")";
    }

    /** Reads a {@link LogUniformSpace}, restoring shared instances. */
    public static class Deserializer extends StdDeserializer<LogUniformSpace> {

        private static final long serialVersionUID = 1L;

        /** For Jackson. */
        public Deserializer() {
            super(LogUniformSpace.class);
        }

        @Override
        public LogUniformSpace deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            LogUniformSpace space = new LogUniformSpace(node.get("min").asDouble(), node.get("max").asDouble());
            String id = readCommon(node, space);
            return intern(ctxt, id, space);
        }
    }
}
