package org.gapscope.app.export;

import org.gapscope.figure.FigureRenderer;

/** A view that can export what it shows: the figure's renderer (with its data) and a file name for it. */
public interface FigureSource {

    /** The figure as it is now, or null when the view shows nothing to export. */
    FigureRenderer figure();

    /** A file name stem such as {@code heatmap-q3-layer4-cosine}. */
    String fileStem();
}
