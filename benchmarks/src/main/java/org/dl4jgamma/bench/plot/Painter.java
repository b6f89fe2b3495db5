package org.dl4jgamma.bench.plot;

import java.awt.Graphics2D;

/** A picture drawn with Java2D, so that it can be written as PNG or SVG by {@link PlotFiles}. */
public interface Painter {

    /** @return width in pixels */
    int width();

    /** @return height in pixels */
    int height();

    /**
     * @param g where to draw, covering {@code [0, width()] x [0, height()]}
     */
    void paint(Graphics2D g);
}
