package org.gapscope.figure;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Benchmarks of the figure renderers (a bench command, not a test): warm-up runs, then timed runs,
 * reporting the minimum and median. Run from the repository root with
 * <pre>
 * mvn -B -q -o -pl core test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -Djava.awt.headless=true -cp core/target/test-classes:core/target/classes:$(cat core/target/test-classpath.txt) org.gapscope.figure.FigureBenchmark
 * </pre>
 */
public final class FigureBenchmark {

    private static double sink;

    private FigureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "java %s, %d CPUs available%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        HeatmapData big = FigureSamples.heatmap(1500, FigureLayoutTest.manyTokens(200), HeatmapData.Metric.COSINE,
                true, 3);
        HeatmapRenderer cached = new HeatmapRenderer(big);
        FigureStyle screen = FigureStyle.screen(FigureTheme.DARK, 12);
        BufferedImage canvas = new BufferedImage(900, 600, BufferedImage.TYPE_INT_RGB);
        time("heatmap 1500 x 200 on a 900 x 600 canvas, matrix image cached", 20, 50, () -> {
            Graphics2D g = canvas.createGraphics();
            cached.draw(g, 900, 600, screen);
            g.dispose();
            return canvas.getRGB(450, 300);
        });
        time("heatmap 1500 x 200 on a 900 x 600 canvas, new renderer each time", 10, 30, () -> {
            Graphics2D g = canvas.createGraphics();
            new HeatmapRenderer(big).draw(g, 900, 600, screen);
            g.dispose();
            return canvas.getRGB(450, 300);
        });
        FigureStyle paper = FigureSize.IEEE_DOUBLE.style(ColorMap.VIRIDIS);
        double w = FigureSize.IEEE_DOUBLE.widthPt();
        double h = cached.preferredHeight(w, paper);
        for (int dpi : FigureExporter.STANDARD_DPI) {
            time("heatmap 1500 x 200, IEEE double column PNG at " + dpi + " dpi (render + encode)", 2, 5, () -> {
                BufferedImage img = FigureExporter.renderImage(cached, w, h, paper, dpi);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    FigureExporter.writePng(img, dpi, "bench", out);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                return out.size();
            });
        }
        time("heatmap 1500 x 200, IEEE double column SVG", 3, 10,
                () -> FigureExporter.renderSvg(cached, w, h, paper).length());
        LayerCurvesRenderer curves = new LayerCurvesRenderer(FigureSamples.curves(32, 100, 4));
        time("layer curves, 33 layers, 100 examples + 5 series, on 900 x 600", 10, 30, () -> {
            Graphics2D g = canvas.createGraphics();
            curves.draw(g, 900, 600, screen);
            g.dispose();
            return canvas.getRGB(450, 300);
        });
        System.out.printf(Locale.ROOT, "(sink %.1f)%n", sink);
    }

    private static void time(String name, int warmup, int runs, Supplier<Number> task) {
        for (int i = 0; i < warmup; i++) {
            sink += task.get().doubleValue();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += task.get().doubleValue();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-80s min %8.2f ms   median %8.2f ms%n", name, ms[0], ms[runs / 2]);
    }
}
