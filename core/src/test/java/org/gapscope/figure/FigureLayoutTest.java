package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a reviewer checks, automated: at every size preset, every figure's text stays on the page,
 * is at least 8 pt, and no two labels overlap (measured on the exported SVG's text elements).
 */
class FigureLayoutTest {

    static Map<String, FigureRenderer> figures() {
        Map<String, FigureRenderer> figures = new LinkedHashMap<>();
        figures.put("heatmap", new HeatmapRenderer(FigureSamples.heatmap(150, HeatmapData.Metric.COSINE, true, 7)));
        figures.put("heatmap-1500", new HeatmapRenderer(FigureSamples.heatmap(1500, HeatmapData.Metric.EUCLIDEAN,
                false, 8)));
        figures.put("heatmap-200-tokens", new HeatmapRenderer(FigureSamples.heatmap(1500, manyTokens(200),
                HeatmapData.Metric.COSINE, false, 10)));
        figures.put("heatmap-audio", new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false,
                9), FigureSamples.audio(3.0, 9)));
        figures.put("heatmap-spans", new HeatmapRenderer(FigureSamples.withSpans(FigureSamples.heatmap(60,
                HeatmapData.Metric.COSINE, true, 12))));
        figures.put("curves", new LayerCurvesRenderer(FigureSamples.curves(8, 12, 3)));
        figures.put("curves-32", new LayerCurvesRenderer(FigureSamples.curves(32, 0, 4)));
        figures.put("scatter", new ScoreVsGapRenderer(FigureSamples.scatter(5)));
        figures.put("intervention", new InterventionRenderer(FigureSamples.intervention(true)));
        figures.put("intervention-no-table", new InterventionRenderer(FigureSamples.intervention(false)));
        figures.put("audio", new AudioStripRenderer(FigureSamples.audio(3.0, 9)));
        figures.put("cka-33", new CkaRenderer(FigureSamples.cka(33, CkaData.Panel.MATCHED)));
        figures.put("cka-5-difference", new CkaRenderer(FigureSamples.cka(5, CkaData.Panel.DIFFERENCE)));
        return figures;
    }

    static List<String> manyTokens(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(FigureSamples.SENTENCE.get(i % FigureSamples.SENTENCE.size()));
        }
        return t;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, FigureRenderer> e : figures().entrySet()) {
            for (FigureSize size : new FigureSize[] {FigureSize.IEEE_COLUMN, FigureSize.IEEE_DOUBLE, FigureSize.SLIDE,
                FigureSize.parse("5x3in")}) {
                cases.add(Arguments.of(e.getKey(), size, e.getValue()));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> screenCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, FigureRenderer> e : figures().entrySet()) {
            for (int[] px : new int[][] {{400, 260}, {640, 420}, {1280, 800}}) {
                cases.add(Arguments.of(e.getKey(), px[0] + "x" + px[1], px[0], px[1], e.getValue()));
            }
        }
        return cases.stream();
    }

    /** The explorer draws the same renderers on canvases of any size with a 12 px font: still no overlaps. */
    @ParameterizedTest(name = "{0} on a {1} px canvas")
    @MethodSource("screenCases")
    void screenCanvasesKeepTextApart(String name, String label, int width, int height, FigureRenderer renderer)
            throws Exception {
        FigureStyle style = FigureStyle.screen(FigureTheme.DARK, 12);
        SvgText text = new SvgText(FigureExporter.renderSvg(renderer, width, height, style));
        List<String> problems = text.problems(12);
        assertTrue(problems.isEmpty(), name + " on " + label + ":\n  " + String.join("\n  ", problems));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void textIsOnThePageLargeEnoughAndNeverOverlaps(String name, FigureSize size, FigureRenderer renderer)
            throws Exception {
        FigureStyle style = size.style(ColorMap.VIRIDIS);
        String svg = FigureExporter.renderSvg(renderer, size.widthPt(), size.heightPt(renderer, style), style);
        SvgText text = new SvgText(svg);
        assertTrue(text.items.size() > 5, name + ": expected labels in the SVG, found " + text.items.size());
        List<String> problems = text.problems(FigureSize.MIN_FONT_PT);
        assertTrue(problems.isEmpty(), name + " at " + size.name() + ":\n  " + String.join("\n  ", problems));
    }
}
