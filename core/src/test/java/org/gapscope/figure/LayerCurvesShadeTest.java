package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Checkpoints of one regime share its colour and differ in shade, in the data, its JSON and the drawing. */
class LayerCurvesShadeTest {

    private static LayerCurvesData.Series series(String label, double shade) {
        return new LayerCurvesData.Series(label, 0, new double[] {0.1, 0.5, 0.9}, new double[] {3, 2, 1}, null, null,
                LayerCurvesData.Kind.SERIES, "regime frozen", shade);
    }

    @Test
    void aShadeMixesTheGroupColourTowardsTheBackground() {
        Color base = new Color(0, 100, 200);
        Color white = Color.WHITE;
        assertEquals(base, series("final", 0).shaded(base, white));
        assertEquals(new Color(153, 193, 233), series("step0", 0.6).shaded(base, white));
        assertThrows(IllegalArgumentException.class, () -> series("x", 1));
        assertThrows(IllegalArgumentException.class, () -> series("x", -0.1));
        assertThrows(IllegalArgumentException.class, () -> series("x", Double.NaN));
    }

    @Test
    void theJsonCarriesTheShadeAndTheRendererDrawsIt() {
        LayerCurvesData data = new LayerCurvesData(List.of(series("step0", 0.6), series("final", 0)), "");
        String json = data.toJson();
        assertTrue(json.contains("\"shade\": 0.6") || json.contains("\"shade\":0.6"), json);
        assertFalse(new LayerCurvesData(List.of(series("final", 0)), "").toJson().contains("shade"));
        // drawn: the lighter checkpoint's colour appears, not only the regime's full colour
        FigureStyle style = FigureStyle.light(10);
        Color full = style.theme().series(0);
        Color light = series("step0", 0.6).shaded(full, style.theme().background());
        BufferedImage img = new BufferedImage(600, 500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        new LayerCurvesRenderer(data).draw(g, 600, 500, style);
        g.dispose();
        int lightCount = 0;
        int fullCount = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                lightCount += rgb == (light.getRGB() & 0xFFFFFF) ? 1 : 0;
                fullCount += rgb == (full.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        assertTrue(lightCount > 20 && fullCount > 20, "light " + lightCount + ", full " + fullCount);
    }
}
