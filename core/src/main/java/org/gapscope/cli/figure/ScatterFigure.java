package org.gapscope.cli.figure;

import java.nio.file.Path;
import java.util.List;

import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.ScoreVsGapData;
import org.gapscope.figure.ScoreVsGapRenderer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gapscope figure scatter}: a score against the modality GAP across models or checkpoints,
 * from a CSV of points ({@code compare} draws the same figure from run folders).
 */
@Command(name = "scatter", mixinStandardHelpOptions = true,
        description = {
            "Score vs GAP across models or checkpoints with the least-squares line of the score on GAP and R^2.",
            "POINTS.csv has a header naming the columns label, gap, score and optionally group",
            "(GAP = text score - speech score, in points)."})
final class ScatterFigure extends FigureSubcommand {

    @Option(names = "--points", required = true, paramLabel = "POINTS.csv", description = "the points")
    Path points;

    @Option(names = "--y-label", defaultValue = "score", paramLabel = "TEXT",
            description = "what the score is, e.g. 'APS (cosine)'; default ${DEFAULT-VALUE}")
    String yLabel;

    @Override
    FigureRenderer draw() {
        List<ScoreVsGapData.Point> pts = PointsCsv.read(points);
        ScoreVsGapData.Fit fit = pts.size() >= 3 ? ScoreVsGapData.Fit.leastSquares(pts) : null;
        ScoreVsGapData data = new ScoreVsGapData(pts, fit, null, yLabel, output.title == null ? "" : output.title);
        return new ScoreVsGapRenderer(data);
    }
}
