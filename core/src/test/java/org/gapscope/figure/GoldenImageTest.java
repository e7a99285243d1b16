package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each renderer, drawn from fixed synthetic data at IEEE column width and 150 dpi, matches its
 * stored golden PNG within a tolerance that absorbs antialiasing differences but not a changed
 * figure. Regenerate the goldens deliberately with
 * {@code mvn -o test -pl core -Dtest=GoldenImageTest -Dgapscope.updateGoldens=true}, look at them,
 * and commit them with the change that explains why they changed.
 *
 * <p>The goldens were drawn with DejaVu Sans as Java's SansSerif (Debian's {@code fonts-dejavu-core});
 * on a machine whose SansSerif differs the comparison fails with that reason instead of being
 * skipped, so that CI never passes without having compared. {@link FigurePixelTest} checks what the
 * figures show independently of any earlier rendering.
 */
class GoldenImageTest {

    private static final Path SOURCE_DIR = Paths.get("src/test/resources/org/gapscope/figure/golden");
    private static final String RESOURCE_DIR = "/org/gapscope/figure/golden/";
    private static final boolean UPDATE = Boolean.getBoolean("gapscope.updateGoldens");
    private static final int DPI = 150;

    /** Mean absolute difference per channel (0-255) allowed. */
    static final double MAX_MEAN_DIFF = 1.0;
    /** Share of pixels allowed to differ strongly (any channel by more than 48). */
    static final double MAX_STRONG_SHARE = 0.004;

    static Map<String, FigureRenderer> renderers() {
        Map<String, FigureRenderer> m = new LinkedHashMap<>();
        m.put("heatmap", new HeatmapRenderer(FigureSamples.heatmap(150, HeatmapData.Metric.COSINE, true, 7)));
        m.put("heatmap-audio", new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 9),
                FigureSamples.audio(3.0, 9)));
        m.put("layer-curves", new LayerCurvesRenderer(FigureSamples.curves(8, 12, 3)));
        m.put("score-vs-gap", new ScoreVsGapRenderer(FigureSamples.scatter(5)));
        m.put("intervention", new InterventionRenderer(FigureSamples.intervention(true)));
        m.put("audio-strip", new AudioStripRenderer(FigureSamples.audio(3.0, 9)));
        return m;
    }

    static Stream<Arguments> cases() {
        return renderers().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static BufferedImage render(FigureRenderer r, ColorMap map) {
        FigureStyle style = FigureSize.IEEE_COLUMN.style(map);
        double w = FigureSize.IEEE_COLUMN.widthPt();
        return FigureExporter.renderImage(r, w, FigureSize.IEEE_COLUMN.heightPt(r, style), style, DPI);
    }

    /** Widths of a sample string in the logical fonts: the goldens only compare on machines with the same fonts. */
    static String fontFingerprint() {
        String sample = "Hamburgefonstiv 0123456789 <bos> \u2212\u00b7\u03c1";
        return String.format(Locale.ROOT, "plain %.2f bold %.2f%n",
                Text.width(new Font(Font.SANS_SERIF, Font.PLAIN, 100), sample),
                Text.width(new Font(Font.SANS_SERIF, Font.BOLD, 100), sample));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(String name, FigureRenderer renderer) throws IOException {
        BufferedImage actual = render(renderer, ColorMap.VIRIDIS);
        if (UPDATE) {
            Files.createDirectories(SOURCE_DIR);
            try (var out = Files.newOutputStream(SOURCE_DIR.resolve(name + ".png"))) {
                FigureExporter.writePng(actual, DPI, name, out);
            }
            Files.writeString(SOURCE_DIR.resolve("FONTS.txt"), fontFingerprint());
        }
        assumeFalse(UPDATE, "golden " + name + ".png regenerated in " + SOURCE_DIR);
        assertGoldenFonts();
        BufferedImage golden = resourceImage(name + ".png");
        assertEquals(golden.getWidth() + "x" + golden.getHeight(), actual.getWidth() + "x" + actual.getHeight(),
                name + ": size differs from the golden");
        double[] diff = difference(golden, actual);
        assertTrue(diff[0] <= MAX_MEAN_DIFF && diff[1] <= MAX_STRONG_SHARE, String.format(Locale.ROOT,
                "%s differs from its golden: mean abs diff %.3f (max %.1f), strongly differing pixels %.4f"
                        + " (max %.4f)", name, diff[0], MAX_MEAN_DIFF, diff[1], MAX_STRONG_SHARE));
    }

    /** Fails, naming the fix, when this machine's SansSerif is not the font the goldens were drawn with. */
    static void assertGoldenFonts() throws IOException {
        String expected = resourceText("FONTS.txt");
        assertEquals(expected.trim(), fontFingerprint().trim(), "this machine's SansSerif font is not the goldens'"
                + " DejaVu Sans, so the golden images cannot be compared: install the Debian package"
                + " fonts-dejavu-core (with fontconfig; .ci/run does) and make sure it is the default sans-serif font"
                + " (fc-match sans-serif)");
    }

    @Test
    void comparisonNoticesARealChange() throws IOException {
        assumeFalse(UPDATE);
        assertGoldenFonts();
        BufferedImage golden = resourceImage("heatmap.png");
        BufferedImage magma = render(renderers().get("heatmap"), ColorMap.MAGMA);
        double[] diff = difference(golden, magma);
        assertTrue(diff[0] > MAX_MEAN_DIFF * 3 && diff[1] > MAX_STRONG_SHARE * 5,
                "another colour map must fail the comparison, got mean " + diff[0] + ", strong share " + diff[1]);
    }

    /** {mean absolute difference per channel, share of pixels with a channel differing by more than 48}. */
    static double[] difference(BufferedImage a, BufferedImage b) {
        int w = Math.min(a.getWidth(), b.getWidth());
        int h = Math.min(a.getHeight(), b.getHeight());
        double sum = 0;
        long strong = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int max = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                    sum += d;
                    max = Math.max(max, d);
                }
                if (max > 48) {
                    strong++;
                }
            }
        }
        double n = (double) w * h;
        return new double[] {sum / (3 * n), strong / n};
    }

    private static BufferedImage resourceImage(String name) throws IOException {
        try (InputStream in = GoldenImageTest.class.getResourceAsStream(RESOURCE_DIR + name)) {
            assertNotNull(in, "golden " + name + " is missing; regenerate with -Dgapscope.updateGoldens=true");
            return ImageIO.read(in);
        }
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = GoldenImageTest.class.getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
