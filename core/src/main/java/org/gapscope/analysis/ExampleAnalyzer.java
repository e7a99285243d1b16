package org.gapscope.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;

/**
 * Computes an {@link ExampleAnalysis} from the speech and text hidden states of one example, one
 * layer at a time (memory: about one layer of each, plus T_s x T_t matrices). Interrupting the
 * calling thread cancels it between layers with a {@link CancellationException}.
 */
public final class ExampleAnalyzer {

    private ExampleAnalyzer() {
    }

    /**
     * Starts loading the native linear-algebra engine (ND4J, about half a second the first time) on a
     * background thread, so that a later {@link #analyze} finds it ready; call it as early as a
     * caller knows an analysis will follow (the CLI does before parsing its arguments). Returns at
     * once; harmless if repeated or if no analysis follows.
     */
    public static void startEngine() {
        Nd4jRuntime.startInBackground();
    }

    /**
     * Analyses one example.
     *
     * @param speech   speech hidden states [L+1, T_s, d]
     * @param text     text hidden states [L+1, T_t, d] of the same model
     * @param settings analysis settings
     * @param model    model name for the provenance ({@code ""} if unknown)
     * @param example  example id for the provenance ({@code ""} if unknown)
     * @throws GapScopeException for shapes that do not fit, empty spans, non-finite values or zero vectors
     */
    public static ExampleAnalysis analyze(HiddenStates speech, HiddenStates text, AnalysisSettings settings,
            String model, String example) {
        return analyze(speech, text, settings, model, example, LayerListener.NONE);
    }

    /**
     * As {@link #analyze(HiddenStates, HiddenStates, AnalysisSettings, String, String)}, showing each
     * layer's rows to {@code listener} as they are read (after that layer's checks passed).
     */
    public static ExampleAnalysis analyze(HiddenStates speech, HiddenStates text, AnalysisSettings settings,
            String model, String example, LayerListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        validate(speech, text);
        int layers = speech.layerCount();
        int ts = speech.tokenCount();
        int tt = text.tokenCount();
        int d = speech.hiddenSize();
        LayerRange range = settings.averagedLayers(layers);
        Provenance provenance = new Provenance(model, example, "all", range, GapScopeVersion.get());

        double[] pooledCos = new double[layers];
        double[] pooledEuc = new double[layers];
        double[] apsCos = new double[layers];
        double[] apsEuc = new double[layers];
        double[] monoCos = new double[layers];
        double[] monoEuc = new double[layers];
        double[] consistency = new double[layers];
        List<AlignmentPath> cosPaths = new ArrayList<>(layers);
        List<AlignmentPath> eucPaths = new ArrayList<>(layers);
        List<DtwAlignmentPath> dtwCos = new ArrayList<>();
        List<DtwAlignmentPath> dtwEuc = new ArrayList<>();

        PhaseTrace.mark("analysis starts");
        Nd4jRuntime.startInBackground();
        // a background thread reads each layer and computes its norms and means (and the checks for
        // NaN, infinities and zero rows) a few layers ahead, starting while ND4J may still be loading
        // with memory-mapped float32 files a second thread runs the GEMMs on the mapped bytes, beside
        // the reader (its norms and checks) and this thread (the certified paths); else this thread
        // runs the GEMM on the copies the reader puts into ND4J arrays
        boolean inPlace = GramSource.supports(speech, text);
        try (LayerSource source = new LayerSource(speech, text, !inPlace);
                GramSource grams = inPlace ? new GramSource((NpyHiddenStates) speech, (NpyHiddenStates) text) : null) {
            if (!inPlace) {
                Nd4jRuntime.awaitReady();
                PhaseTrace.mark("ND4J ready for the main thread");
            }
            long waited = 0;
            long computed = 0;
            try (PairKernel kernel = new PairKernel(ts, tt, d)) {
                for (int l = 0; l < layers; l++) {
                    checkCancelled();
                    long t0 = System.nanoTime();
                    LayerSource.Layer in = source.next();
                    float[] dots = inPlace ? grams.next() : null;
                    long t1 = System.nanoTime();
                    waited += t1 - t0;
                    PairKernel.LayerOutcome out = inPlace
                            ? kernel.compute(l, speech.name(), in.speech, in.speechStats, text.name(), in.text,
                                    in.textStats, dots, settings.dtwExtension())
                            : kernel.compute(l, speech.name(), in.speech, in.speechStats, text.name(), in.text,
                                    in.textStats, in.speechRows(), in.textRows(), settings.dtwExtension());
                    listener.layer(l, in.speech, in.text);
                    source.release(in);
                    if (inPlace) {
                        grams.release(dots);
                    }
                    computed += System.nanoTime() - t1;
                    pooledCos[l] = out.pooledCosine();
                    pooledEuc[l] = out.pooledEuclidean();
                    cosPaths.add(out.cosinePath());
                    eucPaths.add(out.euclideanPath());
                    apsCos[l] = out.cosinePath().score();
                    apsEuc[l] = out.euclideanPath().score();
                    monoCos[l] = Monotonicity.spearman(out.cosinePath().speechIndex());
                    monoEuc[l] = Monotonicity.spearman(out.euclideanPath().speechIndex());
                    consistency[l] = out.cosinePath().agreementWith(out.euclideanPath());
                    if (settings.dtwExtension()) {
                        dtwCos.add(out.dtwCosine());
                        dtwEuc.add(out.dtwEuclidean());
                    }
                }
                if (PhaseTrace.enabled()) {
                    PhaseTrace.mark(String.format(java.util.Locale.ROOT,
                            "all layers done (main thread: %d ms waiting for layers, %d ms computing; GEMM %d ms"
                                    + " on the %s thread)",
                            waited / 1_000_000, computed / 1_000_000,
                            (inPlace ? grams.gemmNanos : kernel.gemmNanos) / 1_000_000,
                            inPlace ? "gapscope-gemm" : "main"));
                }
            }
        }
        return new ExampleAnalysis(provenance, settings, layers, ts, tt, d,
                LayerCurves.of(provenance.withMetric("layer_curves"), pooledCos, pooledEuc),
                cosPaths, eucPaths,
                AlignmentPathScore.of(provenance.withMetric("aps_cosine"), SimilarityMetric.COSINE, apsCos),
                AlignmentPathScore.of(provenance.withMetric("aps_euclidean"), SimilarityMetric.EUCLIDEAN, apsEuc),
                Monotonicity.of(provenance.withMetric("monotonicity_cosine"), SimilarityMetric.COSINE, monoCos),
                Monotonicity.of(provenance.withMetric("monotonicity_euclidean"), SimilarityMetric.EUCLIDEAN,
                        monoEuc),
                Consistency.of(provenance.withMetric("consistency"), consistency),
                dtwCos, dtwEuc);
    }

    /** Stops between layers when the calling thread has been interrupted (the explorer's cancel). */
    static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("analysis cancelled");
        }
    }

    /** Rejects pairs that cannot be analysed together, naming both arrays and the mismatch. */
    static void validate(HiddenStates speech, HiddenStates text) {
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(text, "text");
        for (HiddenStates h : List.of(speech, text)) {
            if (h.layerCount() < 2) {
                throw new GapScopeException(h.name() + ": needs at least 2 hidden states (input embeddings and"
                        + " one layer), has " + h.layerCount());
            }
            if (h.tokenCount() == 0) {
                throw new GapScopeException(h.name() + ": the span is empty (0 positions)");
            }
            if (h.hiddenSize() == 0) {
                throw new GapScopeException(h.name() + ": the hidden size is 0");
            }
            if ((long) h.tokenCount() * h.hiddenSize() > Integer.MAX_VALUE - 16) {
                throw new GapScopeException(h.name() + ": one layer of " + h.tokenCount() + " x "
                        + h.hiddenSize() + " values is too large to analyse");
            }
        }
        if (speech.layerCount() != text.layerCount()) {
            throw new GapScopeException("layer counts differ: " + speech.name() + " has " + speech.layerCount()
                    + " hidden states, " + text.name() + " has " + text.layerCount()
                    + " (both must come from the same model)");
        }
        if (speech.hiddenSize() != text.hiddenSize()) {
            throw new GapScopeException("hidden sizes differ: " + speech.name() + " has d = "
                    + speech.hiddenSize() + ", " + text.name() + " has d = " + text.hiddenSize());
        }
        if ((long) speech.tokenCount() * text.tokenCount() > Integer.MAX_VALUE / 4) {
            throw new GapScopeException("the similarity matrix of " + speech.tokenCount() + " x "
                    + text.tokenCount() + " positions is too large");
        }
    }
}
