package org.dl4jgamma.bench.sweep;

/**
 * A fake {@link Eta0RuleFactory} with the two power laws written out: below the crossover
 * {@code g* = (cLarge / cSmall)^(1 / (a - b))} the rule is {@code cSmall * g^a}, above it {@code cLarge * g^b}.
 * The default rule is {@code defaultC * g^2} below 1 and {@code defaultC * g^(2/L)} above.
 */
final class PowerLawRules implements Eta0RuleFactory {

    private final double defaultC;

    PowerLawRules(double defaultC) {
        this.defaultC = defaultC;
    }

    @Override
    public Eta0Rule defaultRule(int depth) {
        return fromPowerLaws(defaultC, 2, defaultC, 2.0 / depth);
    }

    @Override
    public Eta0Rule fromPowerLaws(double cSmall, double a, double cLarge, double b) {
        if (a == b) {
            throw new IllegalArgumentException("equal exponents");
        }
        double crossover = Math.pow(cLarge / cSmall, 1 / (a - b));
        return g -> g <= crossover ? cSmall * Math.pow(g, a) : cLarge * Math.pow(g, b);
    }

    @Override
    public String toJson(double cSmall, double a, double cLarge, double b) {
        return "{\"cSmall\":" + cSmall + ",\"smallExponent\":" + a + ",\"cLarge\":" + cLarge + ",\"largeExponent\":"
                + b + "}";
    }
}
