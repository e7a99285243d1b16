package org.gapscope.cli.figure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.DatasetAnalysis;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.LayerCurves;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.figure.LayerCurvesRenderer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gapscope figure curves}: cosine and Euclidean against layer for one or more pairs. */
@Command(name = "curves", mixinStandardHelpOptions = true,
        description = {
            "Layer curves: cosine similarity and Euclidean distance of the mean-pooled speech and text states",
            "against layer. Give --speech and --text once per example (in the same order). With two or more",
            "examples the figure adds the dataset mean (with a band of one standard deviation from three",
            "examples on) and the mismatched-pair control (speech i against the text of another example;",
            "GapScope's addition)."})
final class CurvesFigure extends FigureSubcommand {

    @Option(names = "--speech", required = true, paramLabel = "S", description = "speech hidden states (repeatable)")
    List<Path> speech;

    @Option(names = "--text", required = true, paramLabel = "T", description = "text hidden states (repeatable)")
    List<Path> text;

    @Option(names = "--label", paramLabel = "NAME",
            description = "legend label per example (repeatable; default: the capture's example id, else the"
                    + " speech file's name)")
    List<String> labels;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "seed of the control's pairing; default ${DEFAULT-VALUE}")
    long seed;

    @Override
    FigureRenderer draw() {
        if (speech.size() != text.size()) {
            throw new GapScopeException("give --speech and --text the same number of times (got " + speech.size()
                    + " and " + text.size() + ")");
        }
        if (labels != null && labels.size() != speech.size()) {
            throw new GapScopeException("give one --label per example (" + speech.size() + "), got " + labels.size());
        }
        int n = speech.size();
        List<String> names = new ArrayList<>();
        List<LayerCurves> curves = new ArrayList<>();
        AnalysisSettings settings = AnalysisSettings.defaults().withDtwExtension(false);
        String model = "";
        for (int k = 0; k < n; k++) {
            NpyHiddenStates s = NpyHiddenStates.read(speech.get(k));
            NpyHiddenStates t = NpyHiddenStates.read(text.get(k));
            CaptureLabels sl = CaptureLabels.read(speech.get(k));
            model = sl.model();
            ExampleAnalysis a = ExampleAnalyzer.analyze(s, t, settings, sl.model(), sl.example());
            curves.add(a.layerCurves());
            names.add(labels != null ? labels.get(k) : sl.example().isBlank() ? stem(speech.get(k)) : sl.example());
        }
        DatasetSummary summary = null;
        if (n >= 2) {
            ControlSettings defaults = ControlSettings.defaults();
            summary = DatasetAnalysis.analyze(model, "", n, i -> NpyHiddenStates.read(speech.get(i)),
                    i -> NpyHiddenStates.read(text.get(i)), settings,
                    new ControlSettings(seed, defaults.resamples(), defaults.level()));
        }
        String title = output.title != null ? output.title : model;
        LayerCurvesData data = AnalysisFigures.datasetCurves(names, curves, summary, title);
        return new LayerCurvesRenderer(data);
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
