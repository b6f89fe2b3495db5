package org.dl4jgamma.bench.plot;

import java.awt.Color;

/**
 * A perceptually uniform colour map after matplotlib's viridis, linear between nine of its colours: 0 is dark
 * purple, 0.5 teal, 1 yellow. Neighbouring values stay distinguishable and the order reads in grey scale too.
 */
final class Viridis {

    private static final Color[] STOPS = {new Color(0x440154), new Color(0x472d7b), new Color(0x3b528b),
        new Color(0x2c728e), new Color(0x21918c), new Color(0x28ae80), new Color(0x5ec962), new Color(0xaddc30),
        new Color(0xfde725)};

    private Viridis() {
    }

    /**
     * @param t position in [0, 1]; values outside are clamped
     * @return the colour at {@code t}
     */
    static Color at(double t) {
        double clamped = Double.isNaN(t) ? 0.5 : Math.max(0, Math.min(1, t));
        double position = clamped * (STOPS.length - 1);
        int i = Math.min((int) position, STOPS.length - 2);
        double f = position - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
