package org.dl4jgamma.bench.sweep;

import org.dl4jgamma.rule.LearningRateRegime;

/**
 * The production {@link Eta0RuleFactory}: every rule is the updater module's {@link LearningRateRegime}, so the
 * paper's formula and the JSON format live there only. This and {@link Dl4jTrialRunner} are the only classes
 * of the benchmarks that call the library modules.
 */
public final class RegimeRules implements Eta0RuleFactory {

    @Override
    public Eta0Rule defaultRule(int depth) {
        LearningRateRegime regime = LearningRateRegime.forDepth(depth);
        return regime::eta0;
    }

    @Override
    public Eta0Rule fromPowerLaws(double cSmall, double smallExponent, double cLarge, double largeExponent) {
        LearningRateRegime regime = LearningRateRegime.fromPowerLaws(cSmall, smallExponent, cLarge, largeExponent);
        return regime::eta0;
    }

    @Override
    public String toJson(double cSmall, double smallExponent, double cLarge, double largeExponent) {
        return LearningRateRegime.fromPowerLaws(cSmall, smallExponent, cLarge, largeExponent).toJson();
    }
}
