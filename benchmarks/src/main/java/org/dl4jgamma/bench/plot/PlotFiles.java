package org.dl4jgamma.bench.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes pictures as PNG, and as SVG on request, from XChart charts or Java2D {@link Painter}s. */
public final class PlotFiles {

    private PlotFiles() {
    }

    /**
     * @param painter the picture
     * @param file    the PNG file
     * @param svg     whether to write an SVG beside it (same name, {@code .svg})
     * @throws IOException if a file cannot be written
     */
    public static void write(Painter painter, Path file, boolean svg) throws IOException {
        BufferedImage image = new BufferedImage(painter.width(), painter.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            painter.paint(g);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());

        if (svg) {
            VectorGraphics2D vector = new VectorGraphics2D();
            painter.paint(vector);
            try (OutputStream out = Files.newOutputStream(svgPath(file))) {
                Processors.get("svg").getDocument(vector.getCommands(),
                        new PageSize(0, 0, painter.width(), painter.height())).writeTo(out);
            }
        }
    }

    /**
     * @param chart an XChart chart
     * @param file  the PNG file
     * @param svg   whether to write an SVG beside it
     * @throws IOException if a file cannot be written
     */
    public static void write(Chart<?, ?> chart, Path file, boolean svg) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        if (svg) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, svgPath(file).toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }

    private static Path svgPath(Path png) {
        String name = png.getFileName().toString().replaceFirst("\\.png$", "");
        return png.resolveSibling(name + ".svg");
    }
}
