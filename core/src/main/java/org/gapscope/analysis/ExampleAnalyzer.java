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
     * Starts loading the native linear algebra (OpenBLAS, a tenth of a second the first time) on a
     * background thread, so that a later {@link #analyze} finds it ready; call it as early as a
     * caller knows an analysis will follow (the CLI does before parsing its arguments). Returns at
     * once; harmless if repeated or if no analysis follows.
     */
    public static void startEngine() {
        Sgemm.startInBackground();
    }

    /**
     * Analyses one example: per layer l, the pooled layer curves, the cosine and Euclidean alignment
     * paths with their scores (APS_l = mean over text tokens j of A_l[i*_j, j]), the paths'
     * monotonicity (Spearman of j against i*_j) and their consistency; then the averages over the
     * settings' layer range (METHOD.md). The layers arrive one at a time from a {@link LayerPipeline}
     * that reads, checks and multiplies them ahead on other threads.
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
        PairKernel kernel = new PairKernel(speech, text);
        try (LayerPipeline pipeline = LayerPipeline.start(speech, text)) {
            for (int l = 0; l < layers; l++) {
                checkCancelled();
                LayerSource.Layer layer = pipeline.next();
                PairKernel.LayerOutcome out = kernel.compute(layer, settings.dtwExtension());
                listener.layer(l, layer.speech, layer.text);
                pipeline.release(layer);

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
            PhaseTrace.mark("all layers done (" + pipeline.timings() + ")");
        }
        return new ExampleAnalysis(provenance, settings, layers, speech.tokenCount(), text.tokenCount(),
                speech.hiddenSize(),
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
