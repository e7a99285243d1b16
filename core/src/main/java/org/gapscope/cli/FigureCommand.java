package org.gapscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.DatasetAnalysis;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.LayerCurves;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.analysis.SimilarityMatrix;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.AudioStripData;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.ColorRange;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.FigureSize;
import org.gapscope.figure.HeatmapData;
import org.gapscope.figure.HeatmapRenderer;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.figure.LayerCurvesRenderer;
import org.gapscope.figure.ScoreVsGapData;
import org.gapscope.figure.ScoreVsGapRenderer;
import org.gapscope.npy.DType;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gapscope figure}: draws a figure from hidden-state dumps (or a CSV of points, or an audio
 * file) and writes it as SVG or PNG, optionally with its data as CSV or JSON.
 */
@Command(
        name = "figure",
        mixinStandardHelpOptions = true,
        description = {
            "Draw a publication-ready figure and write it as SVG (text stays text) or PNG.",
            "Sizes: ieee-column (3.5 in), ieee-double (7.16 in), slide (10 x 5.625 in) or WxHin."},
        subcommands = {
            FigureCommand.Heatmap.class,
            FigureCommand.Curves.class,
            FigureCommand.Scatter.class,
            AudioFigureCommand.class,
        })
public final class FigureCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Options every figure shares: where, how large, how dense, which colours, and the data beside it. */
    static final class Output {
        @Option(names = "--out", required = true, paramLabel = "FILE.svg|FILE.png",
                description = "the figure file; its extension chooses SVG or PNG")
        Path out;

        @Option(names = "--size", defaultValue = "ieee-column", paramLabel = "SIZE",
                description = "ieee-column, ieee-double, slide or WxHin (inches); default ${DEFAULT-VALUE}")
        String size;

        @Option(names = "--dpi", defaultValue = "300", paramLabel = "N",
                description = "PNG resolution (150, 300, 600; 50-1200); default ${DEFAULT-VALUE}")
        int dpi;

        @Option(names = "--colormap", defaultValue = "viridis", paramLabel = "NAME",
                description = "viridis, magma, cividis, grey or red-blue; default ${DEFAULT-VALUE}")
        String colormap;

        @Option(names = "--data", arity = "0..1", fallbackValue = "csv", paramLabel = "csv|json",
                description = "also write the figure's data next to it (csv when no format is given)")
        String data;

        @Option(names = "--title", paramLabel = "TEXT", description = "the figure's title (default: from the data)")
        String title;

        /** Parses and checks the options; done before any work, so that a typo costs no computation. */
        Target parse() {
            FigureSize figureSize = FigureSize.parse(size);
            ColorMap colorMap = ColorMap.parse(colormap);
            FigureExporter.Format format = FigureExporter.Format.of(out);
            if (dpi < FigureExporter.MIN_DPI || dpi > FigureExporter.MAX_DPI) {
                throw new GapScopeException("--dpi " + dpi + " is out of range; use " + FigureExporter.MIN_DPI + " to "
                        + FigureExporter.MAX_DPI + " (150, 300 or 600 are usual)");
            }
            return new Target(out, format, figureSize, colorMap, dpi, dataFormat());
        }

        private FigureExporter.DataFormat dataFormat() {
            if (data == null) {
                return null;
            }
            try {
                return FigureExporter.DataFormat.valueOf(data.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new GapScopeException("--data must be csv or json, not '" + data + "'");
            }
        }
    }

    /**
     * The output options parsed: where the figure goes, in which format, size, density and colours,
     * and the format of the data written beside it (null for none).
     */
    record Target(Path out, FigureExporter.Format format, FigureSize size, ColorMap colorMap, int dpi,
            FigureExporter.DataFormat dataFormat) {

        /** Writes the figure and its data; prints what was written. */
        void write(FigureRenderer renderer, CommandLine cl) {
            double[] wh = FigureExporter.export(renderer, size, colorMap, dpi, out);
            String how = format == FigureExporter.Format.PNG ? ", " + dpi + " dpi" : "";
            cl.getOut().printf(Locale.ROOT, "wrote %s (%.2f x %.2f in%s)%n", out, wh[0] / 72, wh[1] / 72, how);
            if (dataFormat != null) {
                Path d = FigureExporter.writeData(renderer.data(), out, dataFormat);
                cl.getOut().printf("wrote %s%n", d);
            }
            cl.getOut().flush();
        }
    }

    /** A figure sub-command: its output options checked first, then its figure drawn and written. */
    abstract static class FigureSubcommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Output output = new Output();

        @Override
        public final Integer call() {
            Target target = output.parse();
            target.write(draw(), spec.commandLine());
            return 0;
        }

        /** Reads the inputs and draws the figure (the options' title, when given, replaces the default). */
        abstract FigureRenderer draw();
    }

    /** {@code gapscope figure heatmap}: one layer's similarity matrix with its alignment path. */
    @Command(name = "heatmap", mixinStandardHelpOptions = true,
            description = {
                "The alignment heatmap at one layer: speech time across, text tokens down, the alignment path",
                "(arg-max per token for cosine, arg-min for Euclidean), APS, monotonicity and consistency.",
                "S and T are [L+1, T, d] arrays: .npy files, or capture .npz files whose 'tokens' and 'times'",
                "label the axes (without them tokens are numbered and the speech axis counts positions)."})
    static final class Heatmap extends FigureSubcommand {
        @Option(names = "--speech", required = true, paramLabel = "S", description = "speech hidden states")
        Path speech;

        @Option(names = "--text", required = true, paramLabel = "T", description = "text hidden states")
        Path text;

        @Option(names = "--layer", paramLabel = "N",
                description = "layer to show (0 = input embeddings); default: the last")
        Integer layer;

        @Option(names = "--metric", defaultValue = "cosine", paramLabel = "cosine|euclidean",
                description = "similarity measure; default ${DEFAULT-VALUE}")
        String metric;

        @Option(names = "--range", defaultValue = "auto", paramLabel = "auto|MIN:MAX",
                description = "colour bar range, e.g. 0:1 to compare figures; default ${DEFAULT-VALUE}")
        String range;

        @Option(names = "--dtw", description = "also draw GapScope's monotonic DTW path (an extension, not in the paper)")
        boolean dtw;

        @Option(names = "--audio", paramLabel = "FILE",
                description = "draw this clip's waveform and log-mel spectrogram above, on the same time axis")
        Path audio;

        @Mixin
        ProsodyOptions prosody = new ProsodyOptions();

        @Option(names = "--seconds-per-position", paramLabel = "S",
                description = "speech position spacing in seconds when S carries no times (e.g. 0.04)")
        Double secondsPerPosition;

        @Override
        FigureRenderer draw() {
            SimilarityMetric m = SimilarityMetric.parse(metric);
            ColorRange colorRange = parseRange(range);
            if (prosody.asked() && audio == null) {
                throw new GapScopeException("--pitch and --level need --audio (the clip whose tracks are drawn)");
            }
            ProsodySettings prosodySettings = prosody.asked() ? prosody.settings() : null;
            NpyHiddenStates s = NpyHiddenStates.read(speech);
            NpyHiddenStates t = NpyHiddenStates.read(text);
            int last = s.layerCount() - 1;
            int l = layer == null ? last : layer;
            if (l < 0 || l > last) {
                throw new GapScopeException("--layer " + l + " is outside 0.." + last + " (" + speech + " has "
                        + s.layerCount() + " hidden states)");
            }
            Labels sl = Labels.read(speech);
            Labels tl = Labels.read(text);
            double[] times = sl.times();
            if (times == null && secondsPerPosition != null) {
                if (!(secondsPerPosition > 0)) {
                    throw new GapScopeException("--seconds-per-position must be positive, not " + secondsPerPosition);
                }
                times = HeatmapData.uniformTimes(s.tokenCount(), secondsPerPosition, 0);
            }
            if (times != null && times.length != s.tokenCount()) {
                throw new GapScopeException(speech + ": " + times.length + " times for " + s.tokenCount()
                        + " speech positions");
            }
            List<String> tokens = tl.tokens();
            if (tokens != null && tokens.size() != t.tokenCount()) {
                throw new GapScopeException(text + ": " + tokens.size() + " tokens for " + t.tokenCount()
                        + " text positions");
            }
            AnalysisSettings settings = AnalysisSettings.defaults().withDtwExtension(dtw);
            ExampleAnalysis analysis = ExampleAnalyzer.analyze(s, t, settings, sl.model(), sl.example());
            SimilarityMatrix matrix = SimilarityMatrix.compute(s, t, l, m);
            HeatmapData data = AnalysisFigures.heatmap(analysis, matrix, tokens, times, dtw, colorRange);
            if (output.title != null) {
                data = new HeatmapData(data.values(), data.tokens(), data.times(), data.timesInSeconds(), data.path(),
                        data.dtwPath(), data.metric(), data.layer(), data.scores(), data.colorRange(), output.title);
            }
            AudioStripData strip = null;
            if (audio != null) {
                if (times == null) {
                    throw new GapScopeException("--audio needs speech times: give a capture .npz with 'times' or"
                            + " --seconds-per-position");
                }
                AudioClip clip = new AudioLoader().load(audio);
                strip = AnalysisFigures.audio(clip, new WhisperLogMel(80).compute(clip), "");
                if (prosodySettings != null) {
                    return new HeatmapRenderer(data, strip, prosody.strips(clip, prosodySettings, ""));
                }
            }
            return new HeatmapRenderer(data, strip);
        }
    }

    /** {@code gapscope figure curves}: cosine and Euclidean against layer for one or more pairs. */
    @Command(name = "curves", mixinStandardHelpOptions = true,
            description = {
                "Layer curves: cosine similarity and Euclidean distance of the mean-pooled speech and text states",
                "against layer. Give --speech and --text once per example (in the same order). With two or more",
                "examples the figure adds the dataset mean with a band of one standard deviation and the",
                "mismatched-pair control (speech i against the text of another example; GapScope's addition)."})
    static final class Curves extends FigureSubcommand {
        @Option(names = "--speech", required = true, paramLabel = "S", description = "speech hidden states (repeatable)")
        List<Path> speech;

        @Option(names = "--text", required = true, paramLabel = "T", description = "text hidden states (repeatable)")
        List<Path> text;

        @Option(names = "--label", paramLabel = "NAME",
                description = "legend label per example (repeatable; default: the speech file names)")
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
                throw new GapScopeException("give one --label per example (" + speech.size() + "), got "
                        + labels.size());
            }
            int n = speech.size();
            List<String> names = new ArrayList<>();
            List<LayerCurves> curves = new ArrayList<>();
            AnalysisSettings settings = AnalysisSettings.defaults().withDtwExtension(false);
            String model = "";
            for (int k = 0; k < n; k++) {
                NpyHiddenStates s = NpyHiddenStates.read(speech.get(k));
                NpyHiddenStates t = NpyHiddenStates.read(text.get(k));
                Labels sl = Labels.read(speech.get(k));
                model = sl.model();
                ExampleAnalysis a = ExampleAnalyzer.analyze(s, t, settings, sl.model(), sl.example());
                curves.add(a.layerCurves());
                names.add(labels != null ? labels.get(k) : stem(speech.get(k)));
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
    }

    /**
     * {@code gapscope figure scatter}: a score against the modality GAP across models or checkpoints.
     * Reads a CSV of points; evaluation results (issue 9) are to feed the same renderer through
     * {@link AnalysisFigures#scatter} (a {@code --results} option here).
     */
    @Command(name = "scatter", mixinStandardHelpOptions = true,
            description = {
                "Score vs GAP across models or checkpoints with the least-squares line and R^2.",
                "POINTS.csv has a header naming the columns label, gap, score and optionally group",
                "(GAP = text score - speech score, in points)."})
    static final class Scatter extends FigureSubcommand {
        @Option(names = "--points", required = true, paramLabel = "POINTS.csv", description = "the points")
        Path points;

        @Option(names = "--y-label", defaultValue = "score", paramLabel = "TEXT",
                description = "what the score is, e.g. 'APS (cosine)'; default ${DEFAULT-VALUE}")
        String yLabel;

        @Override
        FigureRenderer draw() {
            List<ScoreVsGapData.Point> pts = PointsCsv.read(points);
            ScoreVsGapData.Fit fit = pts.size() >= 3 ? ScoreVsGapData.Fit.leastSquares(pts) : null;
            ScoreVsGapData data = new ScoreVsGapData(pts, fit, null, yLabel,
                    output.title == null ? "" : output.title);
            return new ScoreVsGapRenderer(data);
        }
    }

    static ColorRange parseRange(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("auto")) {
            return ColorRange.auto();
        }
        String[] parts = s.split(":");
        try {
            if (parts.length == 2) {
                double lo = Double.parseDouble(parts[0]);
                double hi = Double.parseDouble(parts[1]);
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi) {
                    return ColorRange.fixed(lo, hi);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new GapScopeException("--range must be auto or MIN:MAX with MIN < MAX (e.g. 0:1), not '" + spec + "'");
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Tokens, times and provenance of a capture .npz (layout in docs/bundle-format.md); null and
     * empty for a plain .npy.
     */
    record Labels(List<String> tokens, double[] times, String model, String example) {

        static Labels read(Path path) {
            if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                return new Labels(null, null, "", "");
            }
            Map<String, NpyArray> members = Npz.read(path);
            List<String> tokens = null;
            double[] times = null;
            String model = "";
            String example = "";
            NpyArray tok = members.get("tokens");
            if (tok != null) {
                JsonElement e = parseJson(path, "tokens", tok);
                if (!e.isJsonArray()) {
                    throw new GapScopeException(path + ": 'tokens' is not a JSON array of strings");
                }
                tokens = new ArrayList<>();
                for (JsonElement t : (JsonArray) e) {
                    tokens.add(t.getAsString());
                }
            }
            NpyArray tm = members.get("times");
            if (tm != null && tm.shape().length == 1 && tm.shape()[0] > 0) {
                float[] f = tm.toFloatArray();
                times = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    times[i] = f[i];
                }
                for (int i = 1; i < times.length; i++) {
                    if (!(times[i] > times[i - 1])) {
                        throw new GapScopeException(path + ": 'times' must increase (position " + i + ")");
                    }
                }
            }
            NpyArray meta = members.get("meta");
            if (meta != null) {
                JsonElement e = parseJson(path, "meta", meta);
                if (e.isJsonObject()) {
                    JsonObject o = e.getAsJsonObject();
                    model = string(o, "model");
                    example = string(o, "example");
                }
            }
            return new Labels(tokens, times, model, example);
        }

        private static String string(JsonObject o, String key) {
            return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
        }

        private static JsonElement parseJson(Path path, String member, NpyArray array) {
            if (array.dtype() != DType.UINT8) {
                throw new GapScopeException(path + ": '" + member + "' must be UTF-8 JSON stored as uint8, not "
                        + array.dtype());
            }
            try {
                return JsonParser.parseString(new String(array.toByteArray(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new GapScopeException(path + ": '" + member + "' is not valid JSON: " + e.getMessage(), e);
            }
        }
    }

    /** Reads the scatter's points: a CSV with a header naming label, gap, score and optionally group. */
    static final class PointsCsv {
        private PointsCsv() {
        }

        static List<ScoreVsGapData.Point> read(Path path) {
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new GapScopeException(path + ": cannot read (" + e.getMessage() + ")", e);
            }
            lines.removeIf(String::isBlank);
            if (lines.isEmpty()) {
                throw new GapScopeException(path + ": empty; expected a header label,gap,score[,group]");
            }
            List<String> header = List.of(lines.get(0).trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
            int label = header.indexOf("label");
            int gap = header.indexOf("gap");
            int score = header.indexOf("score");
            int group = header.indexOf("group");
            if (gap < 0 || score < 0) {
                throw new GapScopeException(path + ": the header must name the columns gap and score (and label,"
                        + " group), got '" + lines.get(0) + "'");
            }
            List<ScoreVsGapData.Point> pts = new ArrayList<>();
            for (int k = 1; k < lines.size(); k++) {
                String[] f = lines.get(k).split("\\s*,\\s*", -1);
                try {
                    pts.add(new ScoreVsGapData.Point(label >= 0 && label < f.length ? f[label].trim() : "",
                            Double.parseDouble(f[gap].trim()), Double.parseDouble(f[score].trim()),
                            group >= 0 && group < f.length ? f[group].trim() : ""));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new GapScopeException(path + ": line " + (k + 1) + ": expected numbers for gap and score,"
                            + " got '" + lines.get(k) + "'");
                } catch (IllegalArgumentException e) {
                    throw new GapScopeException(path + ": line " + (k + 1) + ": " + e.getMessage());
                }
            }
            if (pts.isEmpty()) {
                throw new GapScopeException(path + ": no points after the header");
            }
            return pts;
        }
    }
}
