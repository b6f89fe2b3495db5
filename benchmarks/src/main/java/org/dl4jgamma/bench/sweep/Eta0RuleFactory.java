package org.dl4jgamma.bench.sweep;

/**
 * Makes the learning-rate rules the guided protocol and the analysis need. The production implementation,
 * {@link RegimeRules}, delegates to the updater module's {@code LearningRateRegime}, so the paper's formula
 * lives in one place; tests pass simple fakes.
 */
public interface Eta0RuleFactory {

    /**
     * @param depth network depth L
     * @return the paper's default rule for that depth: {@code eta0 = c * gamma0^2} for {@code gamma0 <= 1},
     *         {@code c * gamma0^(2/L)} above
     */
    Eta0Rule defaultRule(int depth);

    /**
     * Two power laws {@code eta0 = cSmall * gamma0^smallExponent} and {@code eta0 = cLarge * gamma0^largeExponent},
     * the first used below their intersection and the second above it.
     *
     * @param cSmall        prefactor of the small-gamma0 law
     * @param smallExponent exponent of the small-gamma0 law
     * @param cLarge        prefactor of the large-gamma0 law
     * @param largeExponent exponent of the large-gamma0 law
     * @return the rule
     * @throws IllegalArgumentException if the laws do not form a valid rule (e.g. equal exponents)
     */
    Eta0Rule fromPowerLaws(double cSmall, double smallExponent, double cLarge, double largeExponent);

    /**
     * @param cSmall        prefactor of the small-gamma0 law
     * @param smallExponent exponent of the small-gamma0 law
     * @param cLarge        prefactor of the large-gamma0 law
     * @param largeExponent exponent of the large-gamma0 law
     * @return the rule as JSON that the updater's rule class can load
     */
    String toJson(double cSmall, double smallExponent, double cLarge, double largeExponent);
}
