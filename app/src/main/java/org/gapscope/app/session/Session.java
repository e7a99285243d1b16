package org.gapscope.app.session;

import java.util.List;

/**
 * A saved explorer session: the files that were open and how the views were set. Any field may be
 * null (not set); paths are absolute.
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
 */
public record Session(int formatVersion, String exampleSet, String selectedExample, String model, String tab,
        Integer layer, String metric, String colormap, Boolean darkTheme, Boolean presentationMode,
        List<OwnExample> ownExamples) {

    /** The current layout version. */
    public static final int FORMAT_VERSION = 1;

    /** A session without examples made in the program. */
    public Session(int formatVersion, String exampleSet, String selectedExample, String model, String tab,
            Integer layer, String metric, String colormap, Boolean darkTheme, Boolean presentationMode) {
        this(formatVersion, exampleSet, selectedExample, model, tab, layer, metric, colormap, darkTheme,
                presentationMode, null);
    }

    /**
     * An example made in the program.
     *
     * @param id         its id
     * @param audio      its audio file (absolute)
     * @param transcript its transcript as typed
     * @param answers    its gold answers (possibly one empty string: unknown)
     */
    public record OwnExample(String id, String audio, String transcript, List<String> answers) {
    }
}
