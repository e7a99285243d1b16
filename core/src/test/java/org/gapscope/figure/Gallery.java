package org.gapscope.figure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders every sample figure at every size preset into a folder, for looking at them (not a test). */
public final class Gallery {

    private Gallery() {
    }

    /** Usage: Gallery OUTPUT_FOLDER [dpi [name-prefix]], or Gallery --docs FOLDER for the README's examples. */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--docs")) {
            docs(Paths.get(args[1]));
            return;
        }
        Path out = Paths.get(args.length > 0 ? args[0] : "target/gallery");
        int dpi = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        Files.createDirectories(out);
        Map<String, FigureRenderer> figures = new LinkedHashMap<>();
        String only = args.length > 2 ? args[2] : "";
        figures.put("heatmap", new HeatmapRenderer(FigureSamples.heatmap(150, HeatmapData.Metric.COSINE, true, 7)));
        figures.put("heatmap-long", new HeatmapRenderer(FigureSamples.heatmap(1500, HeatmapData.Metric.EUCLIDEAN, false, 8)));
        figures.put("heatmap-audio", new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 9),
                FigureSamples.audio(3.0, 9)));
        figures.put("curves", new LayerCurvesRenderer(FigureSamples.curves(8, 12, 3)));
        figures.put("curves-deep", new LayerCurvesRenderer(FigureSamples.curves(32, 0, 4)));
        figures.put("scatter", new ScoreVsGapRenderer(FigureSamples.scatter(5)));
        figures.put("intervention", new InterventionRenderer(FigureSamples.intervention(true)));
        figures.put("intervention-single", new InterventionRenderer(FigureSamples.intervention(false)));
        figures.put("audio", new AudioStripRenderer(FigureSamples.audio(3.0, 9)));
        for (FigureSize size : new FigureSize[] {FigureSize.IEEE_COLUMN, FigureSize.IEEE_DOUBLE, FigureSize.SLIDE,
            FigureSize.parse("5x3in")}) {
            for (Map.Entry<String, FigureRenderer> e : figures.entrySet()) {
                if (!e.getKey().startsWith(only)) {
                    continue;
                }
                for (boolean paper : new boolean[] {false, true}) {
                    Path file = out.resolve(e.getKey() + "-" + size.name() + (paper ? "-paper" : "") + ".png");
                    try {
                        double[] wh = FigureExporter.export(e.getValue(), size,
                                ExportSettings.defaults().withDpi(dpi).withPaperStyle(paper), file);
                        System.out.printf("%s %.0fx%.0f pt%n", file, wh[0], wh[1]);
                    } catch (org.gapscope.GapScopeException refused) {
                        System.out.printf("%s refused: %s%n", file, refused.getMessage());
                    }
                }
            }
        }
        FigureExporter.export(figures.get("heatmap"), FigureSize.IEEE_COLUMN, ColorMap.VIRIDIS, dpi,
                out.resolve("heatmap-ieee-column.svg"));
        FigureExporter.export(figures.get("heatmap"), FigureSize.IEEE_COLUMN,
                ExportSettings.defaults().withPaperStyle(true), out.resolve("heatmap-ieee-column-paper.svg"));
    }

    /** The small examples kept in docs/figures for the README (synthetic data, labelled as such). */
    static void docs(Path out) throws Exception {
        Files.createDirectories(out);
        int dpi = 100;
        ColorMap v = ColorMap.VIRIDIS;
        FigureExporter.export(new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, true, 9),
                FigureSamples.audio(3.0, 9)), FigureSize.IEEE_DOUBLE, v, dpi, out.resolve("heatmap-audio.png"));
        FigureExporter.export(new HeatmapRenderer(FigureSamples.heatmap(1500, HeatmapData.Metric.EUCLIDEAN, false,
                8)), FigureSize.IEEE_COLUMN, ColorMap.CIVIDIS, dpi, out.resolve("heatmap-1500-positions.png"));
        LayerCurvesRenderer curves = new LayerCurvesRenderer(FigureSamples.curves(8, 12, 3));
        FigureExporter.export(curves, FigureSize.IEEE_DOUBLE, v, dpi, out.resolve("layer-curves.png"));
        FigureExporter.export(curves, FigureSize.IEEE_DOUBLE, v, dpi, out.resolve("layer-curves.svg"));
        FigureExporter.export(new ScoreVsGapRenderer(FigureSamples.scatter(5)), FigureSize.IEEE_COLUMN, v, dpi,
                out.resolve("score-vs-gap.png"));
        FigureExporter.export(new InterventionRenderer(FigureSamples.intervention(true)), FigureSize.IEEE_DOUBLE, v,
                dpi, out.resolve("intervention.png"));
        FigureExporter.export(new AudioStripRenderer(FigureSamples.audio(3.0, 9)), FigureSize.IEEE_COLUMN, v, dpi,
                out.resolve("audio-strip.png"));
    }
}
