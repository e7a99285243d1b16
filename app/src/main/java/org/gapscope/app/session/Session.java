package org.gapscope.app.session;

/**
 * A saved explorer session: the files that were open and how the views were set. Any field may be
 * null (not set); paths are absolute.
 *
 * @param formatVersion always 1 for this layout
 * @param exampleSet the example set file
 * @param selectedExample the id of the selected example
 * @param model the model bundle folder
 * @param tab the title of the selected analysis tab
 * @param layer the layer shown in the alignment view
 * @param metric {@code cosine} or {@code euclidean}
 * @param colormap the colour map of the heatmap
 * @param darkTheme whether the dark interface theme was on
 * @param presentationMode whether presentation mode (large fonts) was on
 */
public record Session(int formatVersion, String exampleSet, String selectedExample, String model, String tab,
        Integer layer, String metric, String colormap, Boolean darkTheme, Boolean presentationMode) {

    /** The current layout version. */
    public static final int FORMAT_VERSION = 1;
}
