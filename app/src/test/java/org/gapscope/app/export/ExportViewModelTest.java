package org.gapscope.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.Tasks;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.HeatmapData;
import org.gapscope.figure.HeatmapRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export dialog's settings reach the file: paper style, text as outlines, a size refused whole. */
class ExportViewModelTest {

    @TempDir
    Path dir;

    private final List<String> statuses = new ArrayList<>();
    private final ExportViewModel export = new ExportViewModel(new Tasks(BackgroundExecutor.synchronous(),
            statuses::add), statuses::add);

    /** A heatmap of six speech positions by three tokens, titled as the explorer titles its figures. */
    private static FigureSource source() {
        float[][] values = new float[6][3];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                values[i][j] = (float) Math.cos(i - 2 * j);
            }
        }
        HeatmapData data = new HeatmapData.Builder(values, List.of("where", "is", "it"),
                HeatmapData.uniformTimes(6, 0.1, 0), HeatmapData.Metric.COSINE, 2).optPath(new int[] {0, 2, 4})
                .optScores(new HeatmapData.Scores(0.9, 1.0, 0.5, "layer 2")).optTitle("mini \u00b7 q1").build();
        HeatmapRenderer renderer = new HeatmapRenderer(data);
        return new FigureSource() {
            @Override
            public FigureRenderer figure() {
                return renderer;
            }

            @Override
            public String fileStem() {
                return "heatmap-q1";
            }
        };
    }

    @Test
    void paperStyleLeavesTheTitleBlockToTheMetadata() throws Exception {
        export.formatProperty().set(ExportViewModel.Format.SVG);
        export.paperStyleProperty().set(true);
        export.export(source(), dir.resolve("paper"), w -> { });
        String svg = Files.readString(dir.resolve("paper.svg"));
        assertFalse(svg.contains(">mini \u00b7 q1</text>") || svg.contains(">APS"), "no title block in the figure");
        assertTrue(svg.contains("<title>mini \u00b7 q1</title>"), "the title is the file's title");
        assertTrue(svg.contains("APS 0.900"), "the scores are in its description");
        export.paperStyleProperty().set(false);
        export.export(source(), dir.resolve("full"), w -> { });
        assertTrue(Files.readString(dir.resolve("full.svg")).contains(">mini \u00b7 q1</text>"), "title drawn");
    }

    @Test
    void textAsOutlinesAppliesToSvgOnly() throws Exception {
        export.outlineTextProperty().set(true);
        export.formatProperty().set(ExportViewModel.Format.SVG);
        export.export(source(), dir.resolve("outlined"), w -> { });
        assertFalse(Files.readString(dir.resolve("outlined.svg")).contains("<text"), "glyphs as paths");
        export.formatProperty().set(ExportViewModel.Format.PNG);
        export.export(source(), dir.resolve("raster"), w -> { });
        assertTrue(Files.size(dir.resolve("raster.png")) > 1000, statuses.toString());
    }

    @Test
    void aSizeTooSmallIsRefusedWithTheSizeThatFits() {
        export.presetProperty().set("custom");
        export.customSizeProperty().set("3.5x0.6in");
        export.export(source(), dir.resolve("tiny.svg"), w -> { });
        String last = statuses.get(statuses.size() - 1);
        assertTrue(last.startsWith("Export failed: heatmap figure: ") && last.contains("smallest size that fits is"),
                last);
        assertFalse(Files.exists(dir.resolve("tiny.svg")));
        export.copy(source(), (image, csv) -> statuses.add("copied"));
        assertEquals("Copy failed: ", statuses.get(statuses.size() - 1).substring(0, 13), statuses.toString());
    }
}
