package org.dl4jgamma.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LearningRateRegimeTest {

    /** Relative tolerance of values computed with Math.pow against hand-derived ones. */
    private static final double TOLERANCE = 1e-12;

    @Test
    void paperRuleFollowsGammaSquaredThenGammaToTwoOverL() {
        LearningRateRegime rule = LearningRateRegime.forDepth(4, 0.5);

        assertEquals(0.5 * 1e-4, rule.eta0(1e-2), TOLERANCE * 0.5e-4);
        assertEquals(0.5, rule.eta0(1.0), 0.0);
        assertEquals(0.5 * 10.0, rule.eta0(100.0), TOLERANCE * 5);
        assertEquals(0.5 * Math.sqrt(10.0), rule.eta0(10.0), TOLERANCE);
        assertEquals(0.5, rule.getC(), 0.0);
        assertEquals(0.5, rule.getLargeExponent(), 0.0);
    }

    @Test
    void depthTwoIsLinearAboveTheCrossover() {
        LearningRateRegime rule = LearningRateRegime.forDepth(2);

        assertEquals(LearningRateRegime.DEFAULT_C * 1e3, rule.eta0(1e3), TOLERANCE * 1e3);
        assertEquals(LearningRateRegime.DEFAULT_C * 1e-6, rule.eta0(1e-3), TOLERANCE * 1e-6);
    }

    @Test
    void fittedPowerLawsMeetAtTheirIntersection() {
        LearningRateRegime rule = LearningRateRegime.fromPowerLaws(2.0, 2.0, 0.5, 1.0);

        assertEquals(0.25, rule.getCrossover(), TOLERANCE);
        assertEquals(2.0 * 0.0625, rule.eta0(0.25), TOLERANCE);
        assertEquals(0.5 * 0.3, rule.eta0(0.3), TOLERANCE);
        assertEquals(0.5, rule.getC(), TOLERANCE);
    }

    @Test
    void piecesThatDoNotMeetAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateRegime.builder().c(1.0).crossover(10.0).build());
        assertTrue(e.getMessage().contains("do not meet"), e.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> LearningRateRegime.builder().cSmall(1.0).cLarge(2.0).build());
        assertThrows(IllegalArgumentException.class, () -> LearningRateRegime.fromPowerLaws(1, 2, 2, 2));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void badValuesAreRejectedWithTheValue(double bad) {
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> LearningRateRegime.forDepth(3, bad));
        assertTrue(c.getMessage().contains(String.valueOf(bad)), c.getMessage());

        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> LearningRateRegime.forDepth(3).eta0(bad));
        assertTrue(g.getMessage().contains("gamma0"), g.getMessage());
    }

    @Test
    void depthBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateRegime.forDepth(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    @Test
    void jsonRoundTripGivesAnEqualRule() {
        LearningRateRegime rule = LearningRateRegime.fromPowerLaws(0.3, 1.9, 0.2, 0.7);

        LearningRateRegime back = LearningRateRegime.fromJson(rule.toJson());

        assertEquals(rule, back);
        assertEquals(rule.eta0(42.0), back.eta0(42.0), 0.0);
    }

    @Test
    void jsonWithPiecesThatDoNotMeetIsRejected() {
        String json = LearningRateRegime.forDepth(2).toJson().replace("\"crossover\" : 1.0", "\"crossover\" : 3.0");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateRegime.fromJson(json));
        assertTrue(e.getMessage().contains("do not meet"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateRegime.fromJson("{not json"));
    }
}
