package org.dl4jgamma.bench.analysis;

/**
 * The four slope fits of one (protocol, depth): log10 eta0* and log10 eta0_max against log10 gamma0, on the
 * small-gamma0 side and on the large-gamma0 side. A fit is null when its side has fewer than two points.
 *
 * @param protocol   protocol name
 * @param depth      depth L
 * @param smallStar  eta0* on the small side (paper: slope 2)
 * @param largeStar  eta0* on the large side (paper: slope 2/L)
 * @param smallMax   eta0_max on the small side
 * @param largeMax   eta0_max on the large side
 */
public record SlopeFits(String protocol, int depth, PowerLawFit smallStar, PowerLawFit largeStar,
                        PowerLawFit smallMax, PowerLawFit largeMax) {

    /** The paper's small-gamma0 exponent of eta0*: {@code eta0* ~ gamma0^2}. */
    public static final double PAPER_SMALL_SLOPE = 2.0;

    /**
     * @param depth depth L
     * @return the paper's large-gamma0 exponent, {@code eta0* ~ gamma0^(2/L)}
     */
    public static double paperLargeSlope(int depth) {
        return 2.0 / depth;
    }
}
