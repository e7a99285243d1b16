package org.gapscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import com.google.gson.stream.JsonWriter;

import org.gapscope.analysis.AnalysisJson;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerListener;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.capture.CaptureLabels;
import org.gapscope.lenses.CkaMatrix;
import org.gapscope.lenses.ExampleCka;
import org.gapscope.lenses.LensSources;
import org.gapscope.lenses.LensesJson;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.ReferenceWords;
import org.gapscope.lenses.TokenPairing;

/**
 * The other lenses {@code gapscope metrics} adds to the paper's metrics: cross-layer CKA (on unless
 * {@code --no-cka}), computed on the same read of the hidden states, and with {@code --words} the
 * reference pairing and the hit rate. Set up before the analysis, finished after it.
 */
final class MetricsLenses implements AutoCloseable {

    private final boolean cka;
    private final Path wordsFile;
    private final TokenPairing pairing;
    private final ExampleCka exampleCka;
    private CkaMatrix matrix;
    private ReferenceAlignmentHitRate[] hitRates = new ReferenceAlignmentHitRate[0];

    private MetricsLenses(boolean cka, Path wordsFile, TokenPairing pairing, ExampleCka exampleCka) {
        this.cka = cka;
        this.wordsFile = wordsFile;
        this.pairing = pairing;
        this.exampleCka = exampleCka;
    }

    /**
     * Reads the words file (if any) and the capture labels it needs, and makes the pairing: by
     * reference words with {@code --words}, else proportional.
     */
    static MetricsLenses prepare(boolean cka, Path wordsFile, Path speechPath, HiddenStates speech, Path textPath,
            HiddenStates text) {
        if (speech.tokenCount() == 0 || text.tokenCount() == 0) {
            // nothing to pair; the analysis refuses the empty span with its own message
            return new MetricsLenses(cka, wordsFile, null, null);
        }
        TokenPairing pairing;
        if (wordsFile != null) {
            ReferenceWords words = ReferenceWords.read(wordsFile);
            List<String> tokens = CaptureLabels.read(textPath).map(CaptureLabels::tokens).orElse(null);
            float[] times = CaptureLabels.read(speechPath).map(CaptureLabels::times).orElse(null);
            pairing = words.pairing(speech.tokenCount(), text.tokenCount(), tokens, times);
        } else {
            pairing = TokenPairing.proportional(speech.tokenCount(), text.tokenCount());
        }
        ExampleCka listener = cka ? new ExampleCka(pairing, speech.layerCount(), speech.hiddenSize(), speech, text) : null;
        return new MetricsLenses(cka, wordsFile, pairing, listener);
    }

    /** What the analysis shows each layer to. */
    LayerListener listener() {
        return exampleCka != null ? exampleCka : LayerListener.NONE;
    }

    /** Finishes CKA and computes the hit rate from the analysis's paths. */
    void finish(ExampleAnalysis analysis) {
        if (exampleCka != null) {
            matrix = exampleCka.finish(analysis.provenance().withMetric("cka"));
        }
        if (wordsFile != null) {
            hitRates = new ReferenceAlignmentHitRate[] {
                ReferenceAlignmentHitRate.of(analysis, SimilarityMetric.COSINE, pairing),
                ReferenceAlignmentHitRate.of(analysis, SimilarityMetric.EUCLIDEAN, pairing)};
        }
    }

    /** The keys added to the JSON. */
    AnalysisJson.Extra json(ExampleAnalysis analysis) {
        return (JsonWriter w) -> {
            w.name("lens_settings").beginObject();
            w.name("cka").value(cka);
            w.name("words").value(wordsFile == null ? null : wordsFile.toString());
            w.endObject();
            LensesJson.pairing(w, "pairing", pairing);
            if (matrix != null) {
                LensesJson.cka(w, "cka", matrix, analysis.averagedLayers());
            }
            if (hitRates.length > 0) {
                LensesJson.hitRate(w, hitRates);
            }
        };
    }

    /** The lines added to the printed table. */
    void print(ExampleAnalysis a, PrintWriter out) {
        if (matrix == null && hitRates.length == 0) {
            return;
        }
        out.println();
        out.println("pairing: " + pairing.describe());
        if (matrix != null) {
            out.println(LensSources.CKA);
        }
        if (hitRates.length > 0) {
            out.println(LensSources.HIT_RATE);
        }
        out.printf(Locale.ROOT, "%5s %9s %9s %9s %9s %9s%n", "layer", "cka_diag", "cka_band", "hit_cos", "hit_euc",
                "baseline");
        for (int l = 0; l < a.layerCount(); l++) {
            OptionalInt band = matrix == null ? OptionalInt.empty() : matrix.bandWidth(l);
            out.printf(Locale.ROOT, "%5d %9s %9s %9s %9s %9s%n", l, matrix == null ? "-" : cell(matrix.at(l, l)),
                    band.isPresent() ? Integer.toString(band.getAsInt()) : "-",
                    hitRates.length > 0 ? cell(hitRates[0].hit()[l]) : "-",
                    hitRates.length > 0 ? cell(hitRates[1].hit()[l]) : "-",
                    hitRates.length > 0 ? cell(hitRates[0].baseline()[l]) : "-");
        }
        out.printf(Locale.ROOT, "%5s %9s %9s %9s %9s %9s%n", "mean",
                matrix == null ? "-" : cell(matrix.diagonalMean(a.averagedLayers())),
                matrix == null ? "-" : cell(matrix.meanBandWidth(a.averagedLayers())),
                hitRates.length > 0 ? cell(hitRates[0].meanHit()) : "-",
                hitRates.length > 0 ? cell(hitRates[1].meanHit()) : "-",
                hitRates.length > 0 ? cell(hitRates[0].meanBaseline()) : "-");
        out.flush();
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public void close() {
        if (exampleCka != null) {
            exampleCka.close();
        }
    }
}
