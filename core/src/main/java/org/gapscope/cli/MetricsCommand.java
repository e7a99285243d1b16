package org.gapscope.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisJson;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.analysis.PhaseTrace;
import org.gapscope.analysis.Score;
import org.gapscope.npy.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gapscope metrics}: METHOD.md's metrics for one pair of hidden-state dumps, as a table and JSON. */
@Command(
        name = "metrics",
        mixinStandardHelpOptions = true,
        description = {
            "Layer curves, alignment paths, APS, monotonicity and consistency (METHOD.md) for one example; with "
                + "cross-layer CKA (Hsu et al. 2026; --no-cka skips it), with --words the ALAS-style reference-alignment "
                + "hit rate.",
            "",
            "S and T are NumPy arrays [L+1, T, d] (index 0 = input embeddings) in float32, float16 or "
                + "float64: .npy files, or capture .npz files (their 'hidden' array). Averages run over "
                + "layers 1..L (0..L with --include-layer0); monotonicity is null where Spearman is "
                + "undefined. The JSON's extension_dtw is GapScope's monotonic DTW path, not the paper's.",
            ""})
public final class MetricsCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--speech", required = true, paramLabel = "S", description = "speech hidden states [L+1, T_s, d]")
    private Path speech;

    @Option(names = "--text", required = true, paramLabel = "T", description = "text hidden states [L+1, T_t, d]")
    private Path text;

    @Option(names = "--include-layer0", description = "average over layers 0..L instead of 1..L")
    private boolean includeLayer0;

    @Option(names = "--no-extension-dtw", description = "skip GapScope's DTW extension")
    private boolean noDtw;

    @Option(names = "--cka", description = "cross-layer CKA (Hsu et al. 2026): the (L+1) x (L+1) matrix, its diagonal "
            + "and band widths (on by default; it costs about 3 % of the run, docs/decisions/lenses.md)")
    private boolean cka;

    @Option(names = "--no-cka", description = "skip cross-layer CKA")
    private boolean noCka;

    @Option(names = "--words", paramLabel = "FILE.json",
            description = "reference word timings ({\"transcript\", \"words\": [{\"word\", \"start\", \"end\"}, ...]}, "
                    + "optional \"token_words\", \"duration\"): pair tokens by them and add the ALAS-style hit rate")
    private Path words;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write every value to this JSON file")
    private Path json;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "", description = "model name recorded in the JSON")
    private String model;

    @Option(names = "--example", paramLabel = "ID", defaultValue = "", description = "example id recorded in the JSON")
    private String example;

    @Option(names = "--quiet", description = "print nothing on success")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        PhaseTrace.mark("metrics: arguments parsed");
        if (cka && noCka) {
            throw new GapScopeException("--cka and --no-cka: choose one");
        }
        if (json != null) {
            Path folder = json.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new GapScopeException(json + ": the folder " + folder + " does not exist");
            }
            if (Files.isDirectory(json)) {
                throw new GapScopeException(json + ": is a folder; give a file name");
            }
        }
        NpyHiddenStates s = NpyHiddenStates.read(speech);
        NpyHiddenStates t = NpyHiddenStates.read(text);
        PhaseTrace.mark("both files opened");
        AnalysisSettings settings = AnalysisSettings.defaults().withIncludeLayer0(includeLayer0)
                .withDtwExtension(!noDtw);
        try (MetricsLenses lenses = MetricsLenses.prepare(!noCka, words, speech, s, text, t)) {
            ExampleAnalysis analysis = ExampleAnalyzer.analyze(s, t, settings, model, example, lenses.listener());
            lenses.finish(analysis);
            PhaseTrace.mark("lenses done");
            if (json != null) {
                AtomicFiles.write(json, out -> {
                    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    AnalysisJson.write(analysis, speech.toString(), text.toString(), w, lenses.json(analysis));
                    w.flush();
                });
            }
            PhaseTrace.mark("JSON written");
            if (!quiet) {
                printTable(analysis, spec.commandLine().getOut());
                lenses.print(analysis, spec.commandLine().getOut());
            }
        }
        return 0;
    }

    private static void printTable(ExampleAnalysis a, PrintWriter out) {
        out.printf(Locale.ROOT, "speech %d positions, text %d tokens, d = %d, layers 0..%d (averages over %s)%n",
                a.speechTokens(), a.textTokens(), a.hiddenSize(), a.layerCount() - 1, a.averagedLayers());
        out.printf(Locale.ROOT, "%5s %9s %10s %10s %13s %8s %8s %11s%n", "layer", "cosine", "euclidean",
                "aps_cos", "aps_euclidean", "mono_cos", "mono_euc", "consistency");
        for (int l = 0; l < a.layerCount(); l++) {
            row(out, Integer.toString(l), a, l);
        }
        row(out, "mean", a, -1);
        out.flush();
    }

    private static void row(PrintWriter out, String label, ExampleAnalysis a, int layer) {
        Score[] scores = Score.values();
        Object[] cells = new Object[scores.length + 1];
        cells[0] = label;
        for (int k = 0; k < scores.length; k++) {
            double v = layer < 0 ? a.score(scores[k]) : a.score(scores[k], layer);
            cells[k + 1] = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
        }
        out.printf(Locale.ROOT, "%5s %9s %10s %10s %13s %8s %8s %11s%n", cells);
    }
}
