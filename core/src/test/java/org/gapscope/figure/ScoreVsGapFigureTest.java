package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

/** The score-vs-GAP figure of issue 17: stable group colours, labels that read as their own point's, the fit in the legend. */
class ScoreVsGapFigureTest {

    private static final List<ScoreVsGapData.Point> RUNS = List.of(
            new ScoreVsGapData.Point("step800", 81, 0.486, "frozen"),
            new ScoreVsGapData.Point("step2000", 64, 0.527, "frozen"),
            new ScoreVsGapData.Point("final", 61, 0.578, "frozen"),
            new ScoreVsGapData.Point("step800", 75, 0.486, "fullft"),
            new ScoreVsGapData.Point("step2000", 78, 0.530, "fullft"),
            new ScoreVsGapData.Point("final", 55, 0.513, "fullft"));

    private static long pixels(BufferedImage img, int rgb) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void aGroupKeepsItsColourInAFigureOfItsOwn() {
        List<ScoreVsGapData.Point> fullft = RUNS.stream().filter(p -> p.group().equals("fullft")).toList();
        ScoreVsGapData alone = new ScoreVsGapData(fullft, ScoreVsGapData.Fit.leastSquares(fullft), null, "APS", "");
        ScoreVsGapData ordered = alone.withGroups(List.of("frozen", "fullft"));
        FigureStyle style = FigureStyle.light(8);
        int blue = FigureTheme.LIGHT.series(0).getRGB() & 0xFFFFFF;
        int orange = FigureTheme.LIGHT.series(1).getRGB() & 0xFFFFFF;
        BufferedImage own = FigureExporter.renderImage(new ScoreVsGapRenderer(ordered), 252, 200, style, 150);
        assertTrue(pixels(own, orange) > 50 && pixels(own, blue) == 0, "fullft drawn in its all-runs colour, orange");
        BufferedImage first = FigureExporter.renderImage(new ScoreVsGapRenderer(alone), 252, 200, style, 150);
        assertTrue(pixels(first, blue) > 50, "without the order a lone group takes the first colour");
        assertEquals(List.of("frozen", "fullft"), ordered.groups());
        JsonObject json = JsonParser.parseString(ordered.toJson()).getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("groups").size());
    }

    @Test
    void aLabelIsPlacedOnlyWhereItsOwnPointIsClearlyTheNearest() {
        // "step800 ■ step800 ●": the second label sat between two points, nearer the square than its circle
        ScoreVsGapData.Point square = RUNS.get(3);
        ScoreVsGapData.Point circle = RUNS.get(0);
        ScoreVsGapData data = new ScoreVsGapData(List.of(square, circle), null, null, "APS", "");
        Scale sx = new Scale(70, 90, 0, 170);  // the square 51 pt left of the circle, as in the compare figure
        Scale sy = new Scale(0.4, 0.6, 100, 0);
        double cx = sx.map(circle.gap());
        double cy = sy.map(circle.score());
        FigureStyle style = FigureStyle.light(8);
        Rectangle2D leftOfCircle = new Rectangle2D.Double(cx - 5 - 40, cy - 4, 40, 9);
        Rectangle2D rightOfCircle = new Rectangle2D.Double(cx + 5, cy - 4, 40, 9);
        assertFalse(PointLabels.nearestIsOwn(leftOfCircle, circle, data, sx, sy, style),
                "between the two points the label could be either's");
        assertTrue(PointLabels.nearestIsOwn(rightOfCircle, circle, data, sx, sy, style));
    }

    @Test
    void theFitIsInTheLegendWithItsRegressionNamedInTheMetadata() throws Exception {
        ScoreVsGapData data = new ScoreVsGapData(RUNS, ScoreVsGapData.Fit.leastSquares(RUNS), null, "APS (cosine)",
                "");
        ScoreVsGapRenderer r = new ScoreVsGapRenderer(data);
        SvgText svg = new SvgText(FigureExporter.renderSvg(r, 252, r.preferredHeight(252, FigureStyle.light(8)),
                FigureStyle.light(8)));
        String r2 = Ticks.format(data.fit().r2(), 2);
        assertTrue(svg.strings().contains("least-squares fit (R\u00b2 = " + r2 + ", n = 6)"), svg.strings().toString());
        assertFalse(svg.strings().stream().anyMatch(s -> s.startsWith("slope")), "no slope box over the data");
        ScoreVsGapData.Fit f = data.fit();
        assertEquals(f.r2(), f.slope() * f.gapOnScoreSlope(), 1e-12, "the two regressions' slopes multiply to R\u00b2");
        assertTrue(r.description().contains("score units per GAP point") && r.description().contains("GAP on score"),
                r.description());
        JsonObject fit = JsonParser.parseString(data.toJson()).getAsJsonObject().getAsJsonObject("fit");
        assertEquals(f.gapOnScoreSlope(), fit.get("gap_on_score_slope").getAsDouble(), 1e-12);
    }

    @Test
    void eachRegimeHasItsOwnLineInItsColourWithItsR2InTheLegend() throws Exception {
        ScoreVsGapData data = new ScoreVsGapData(RUNS, ScoreVsGapData.Fit.leastSquares(RUNS), null, "APS (cosine)", "")
                .withGroupFits();
        assertEquals(List.of("frozen", "fullft"), data.groupFits().stream().map(ScoreVsGapData.GroupFit::group).toList());
        List<ScoreVsGapData.Point> frozen = RUNS.subList(0, 3);
        ScoreVsGapData.GroupFit own = data.groupFit("frozen").orElseThrow();
        assertEquals(ScoreVsGapData.Fit.leastSquares(frozen), own.fit());
        assertEquals(61, own.minGap());
        assertEquals(81, own.maxGap());

        FigureStyle style = FigureStyle.light(8);
        ScoreVsGapRenderer r = new ScoreVsGapRenderer(data);
        SvgText svg = new SvgText(FigureExporter.renderSvg(r, 252, r.preferredHeight(252, style), style));
        assertTrue(svg.strings().contains("frozen (R\u00b2 = " + Ticks.format(own.fit().r2(), 2) + ", n = 3)"),
                svg.strings().toString());
        assertTrue(svg.strings().stream().anyMatch(t -> t.startsWith("all together (R\u00b2 = ")), svg.strings().toString());

        // the lines are drawn: more of each group's colour than its markers alone give
        int blue = FigureTheme.LIGHT.series(0).getRGB() & 0xFFFFFF;
        long withLines = pixels(FigureExporter.renderImage(r, 400, 300, style, 150), blue);
        long without = pixels(FigureExporter.renderImage(new ScoreVsGapRenderer(new ScoreVsGapData(RUNS, data.fit(), null,
                "APS (cosine)", "")), 400, 300, style, 150), blue);
        assertTrue(withLines > without + 100, withLines + " vs " + without);

        JsonObject json = JsonParser.parseString(data.toJson()).getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("group_fits").size());
        assertTrue(data.toCsv().lines().findFirst().orElseThrow().endsWith("group_fit_r2,group_fit_n"));

        // two points make no line of their own: any line goes through two points
        ScoreVsGapData two = new ScoreVsGapData(RUNS.subList(0, 5), null, null, "APS", "").withGroupFits();
        assertEquals(List.of("frozen"), two.groupFits().stream().map(ScoreVsGapData.GroupFit::group).toList());
    }
}
