package org.gapscope.app.desktop;

import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;

/**
 * A view's column that fills the space it is given and scrolls when its rows need more height than the
 * window has (a small window, or presentation mode's larger font), instead of squeezing a figure to a
 * sliver: the rows' minimum heights decide when it scrolls.
 */
public final class ScrollingColumn {

    private ScrollingColumn() {
    }

    /** {@code column} in a scroll pane that fits it to the width, and to the height when there is room. */
    public static ScrollPane of(Region column) {
        ScrollPane pane = new ScrollPane(column);
        pane.setFitToWidth(true);
        pane.setFitToHeight(true);
        pane.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        pane.getStyleClass().add("edge-to-edge");
        return pane;
    }
}
