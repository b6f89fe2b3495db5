package org.dl4jgamma.conf;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * Width-dependent factor {@code s(N)} that the gamma output layer applies to its readout, where {@code N} is the
 * layer's input width (nIn):
 *
 * <pre>
 *   MUP:      s(N) = 1 / N          (mean-field / maximal-update readout; gamma is the paper's gamma0)
 *   NTK:      s(N) = 1 / sqrt(N)    (neural-tangent readout; gamma_NTK = gamma0 * sqrt(N))
 *   STANDARD: s(N) = 1              (DL4J's usual readout; the scale lives in the weight initialisation)
 * </pre>
 *
 * <p>With {@code MUP} and {@code NTK} the weights are initialised N(0, 1) so that the whole scale lives in the
 * forward pass; with {@code STANDARD} the usual DL4J weight initialisation applies.
 */
public enum ReadoutScaling {

    /** {@code s(N) = 1 / N}: the muP (mean-field) readout. */
    MUP,

    /** {@code s(N) = 1 / sqrt(N)}: the NTK readout. */
    NTK,

    /** {@code s(N) = 1}: no width-dependent scaling. */
    STANDARD;

    /**
     * The factor {@code s(N)} for a readout of input width {@code n}.
     *
     * @param n input width of the readout (the layer's nIn), at least 1
     * @return {@code 1/n}, {@code 1/sqrt(n)} or {@code 1}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public double factor(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("Readout width N must be >= 1, got " + n
                    + "; set nIn on the gamma output layer or give the network an input type.");
        }

        switch (this) {
            case MUP:
                return 1.0 / n;
            case NTK:
                return 1.0 / Math.sqrt(n);
            default:
                return 1.0;
        }
    }

    /**
     * Whether weights default to N(0, 1) for this scaling (true for {@code MUP} and {@code NTK}).
     *
     * @return true if the readout scale lives in the forward pass rather than in the initialisation
     */
    public boolean usesUnitVarianceWeights() {
        return this != STANDARD;
    }

    /**
     * The name used in JSON and on command lines.
     *
     * @return the constant's name, e.g. {@code "MUP"}
     */
    @JsonValue
    public String jsonName() {
        return name();
    }

    /**
     * Parses a scaling name, case-insensitively.
     *
     * @param name one of {@code MUP}, {@code NTK}, {@code STANDARD}
     * @return the scaling
     * @throws IllegalArgumentException naming the bad value and the accepted names
     */
    @JsonCreator
    public static ReadoutScaling fromName(String name) {
        if (name != null) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            for (ReadoutScaling s : values()) {
                if (s.name().equals(upper)) {
                    return s;
                }
            }
        }

        String accepted = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("Unknown readout scaling \"" + name + "\"; accepted names: " + accepted);
    }
}
