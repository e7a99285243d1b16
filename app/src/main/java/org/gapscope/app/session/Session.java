package org.gapscope.app.session;

import java.util.List;

import org.gapscope.audio.SilenceTrim;

/**
 * A saved explorer session: the files that were open and how the views were set. Any field may be
 * null (not set, e.g. in a file written by an older version: the current setting is kept); paths are
 * absolute.
 *
 * @param formatVersion    always 1 for this layout
 * @param exampleSet       the example set file
 * @param selectedExample  the id of the selected example
 * @param model            the model bundle folder
 * @param tab              the title of the selected analysis tab
 * @param layer            the layer shown in the alignment view
 * @param metric           {@code cosine} or {@code euclidean}
 * @param colormap         the colour map of the heatmap
 * @param darkTheme        whether the dark interface theme was on
 * @param presentationMode whether presentation mode (large fonts) was on
 * @param ownExamples      examples made in the program (recordings, opened audio files), or null
 * @param examples         the example list's filter and sort order
 * @param analysis         the analysis settings the examples were run with
 * @param alignment        the alignment view's overlays, picking and zoom
 * @param curves           the layer-curve overlays
 * @param interventions    the intervention settings, picked tokens included
 * @param dataset          the dataset view's score choices
 */
public record Session(int formatVersion, String exampleSet, String selectedExample, String model, String tab,
        Integer layer, String metric, String colormap, Boolean darkTheme, Boolean presentationMode,
        List<OwnExample> ownExamples, ExampleList examples, Analysis analysis, Alignment alignment,
        Curves curves, Interventions interventions, Dataset dataset) {

    /** The current layout version (fields added since are optional, so it stays 1). */
    public static final int FORMAT_VERSION = 1;

    /** A session with only the files, the example, the layer, metric, colour map and theme. */
    public Session(int formatVersion, String exampleSet, String selectedExample, String model, String tab,
            Integer layer, String metric, String colormap, Boolean darkTheme, Boolean presentationMode) {
        this(formatVersion, exampleSet, selectedExample, model, tab, layer, metric, colormap, darkTheme,
                presentationMode, null, null, null, null, null, null, null);
    }

    /**
     * An example made in the program.
     *
     * @param id         its id
     * @param audio      its audio file (absolute)
     * @param transcript its transcript as typed
     * @param answers    its gold answers (possibly one empty string: unknown)
     * @param trim       the silence trimmed off its recording, or null (not trimmed)
     */
    public record OwnExample(String id, String audio, String transcript, List<String> answers, Trim trim) {

        /** An example made in the program whose audio was not trimmed. */
        public OwnExample(String id, String audio, String transcript, List<String> answers) {
            this(id, audio, transcript, answers, null);
        }
    }

    /**
     * The silence trimmed off a recording (as {@link SilenceTrim}, every field optional in the file).
     *
     * @param leadSeconds     silence removed at the start
     * @param tailSeconds     silence removed at the end
     * @param thresholdDbfs   the level below which audio was silence
     * @param marginSeconds   the silence kept next to the sound
     * @param originalSeconds the recording's length before trimming
     */
    public record Trim(Double leadSeconds, Double tailSeconds, Double thresholdDbfs, Double marginSeconds,
            Double originalSeconds) {

        /** The session form of {@code trim} (null for null). */
        public static Trim of(SilenceTrim trim) {
            return trim == null ? null : new Trim(trim.leadSeconds(), trim.tailSeconds(), trim.thresholdDbfs(),
                    trim.marginSeconds(), trim.originalSeconds());
        }

        /** The trim this describes, or null when the file's values are missing or do not fit together. */
        public SilenceTrim silenceTrim() {
            if (leadSeconds == null || tailSeconds == null || thresholdDbfs == null || marginSeconds == null
                    || originalSeconds == null) {
                return null;
            }
            try {
                return new SilenceTrim(leadSeconds, tailSeconds, thresholdDbfs, marginSeconds, originalSeconds);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * The example list.
     *
     * @param filter the filter text
     * @param sort   the sort order's name
     */
    public record ExampleList(String filter, String sort) {
    }

    /**
     * The analysis settings.
     *
     * @param includeLayer0 whether layer 0 is averaged into the example's scores
     * @param dtwExtension  whether GapScope's DTW extension is computed
     */
    public record Analysis(Boolean includeLayer0, Boolean dtwExtension) {
    }

    /**
     * The alignment view.
     *
     * @param showPath    whether the alignment path is drawn
     * @param showDtw     whether the DTW extension path is drawn
     * @param sharedScale one colour scale for all layers
     * @param pickTokens  whether a click on a path cell picks its token
     * @param zoomFrom    the first speech position shown (null: all shown)
     * @param zoomTo      the end of the speech positions shown
     */
    public record Alignment(Boolean showPath, Boolean showDtw, Boolean sharedScale, Boolean pickTokens,
            Double zoomFrom, Double zoomTo) {
    }

    /**
     * The layer-curve overlays.
     *
     * @param showMean        the dataset mean ± 1 sd band
     * @param showControl     the mismatched-pair control
     * @param showCheckpoints the example through the other checkpoints
     */
    public record Curves(Boolean showMean, Boolean showControl, Boolean showCheckpoints) {
    }

    /**
     * The intervention settings.
     *
     * @param method         {@code angle} or {@code length}
     * @param tokens         {@code BOTTOM_K}, {@code ALL} or {@code PICKED}
     * @param k              k of Bottom-k
     * @param layers         the rewrite layers as typed, e.g. {@code 0,2-3}
     * @param ownPath        whether each rewrite layer's own path selects
     * @param selectionLayer the selecting layer when not each layer's own
     * @param pathMetric     {@code cosine} or {@code euclidean}
     * @param picked         the tokens picked on the path of the selected example
     */
    public record Interventions(String method, String tokens, Integer k, String layers, Boolean ownPath,
            Integer selectionLayer, String pathMetric, List<Integer> picked) {
    }

    /**
     * The dataset view.
     *
     * @param xScore          the scatter's x score
     * @param yScore          the scatter's y score
     * @param regressionScore the score regressed on GAP
     */
    public record Dataset(String xScore, String yScore, String regressionScore) {
    }
}
