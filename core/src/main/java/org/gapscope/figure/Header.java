package org.gapscope.figure;

import java.awt.Graphics2D;
import java.util.List;

/**
 * The block above a figure's data: its title, its score lines (a caption inside the figure) and,
 * for some figures, a legend a caption could carry. When the figure is short the block gives up its
 * parts, score lines first, then the title, then an optional legend; the data never shrinks for it.
 * Paper style starts without title and score lines (and without an optional legend).
 */
final class Header {

    private final FigureStyle style;
    private final List<String> title;
    private final List<String> caption;
    private final Legend legend;
    private final boolean legendOptional;

    private Header(FigureStyle style, List<String> title, List<String> caption, Legend legend, boolean legendOptional) {
        this.style = style;
        this.title = title;
        this.caption = caption;
        this.legend = legend;
        this.legendOptional = legendOptional;
    }

    /**
     * A header of {@code titleParts} (joined with a middle dot, bold) and {@code captionParts} (muted),
     * wrapped to {@code width}, and {@code legend} (may be empty), which paper style and a short
     * figure may leave out when {@code legendOptional}.
     */
    static Header of(FigureStyle style, double width, List<String> titleParts, List<String> captionParts,
            Legend legend, boolean legendOptional) {
        boolean paper = style.paper();
        List<String> t = paper ? List.of() : Text.joinWrapped(style.titleFont(), titleParts, " \u00b7 ", width);
        List<String> c = paper ? List.of() : Text.joinWrapped(style.tickFont(), captionParts, " \u00b7 ", width);
        Legend l = legend == null || legend.isEmpty() || paper && legendOptional ? null : legend;
        return new Header(style, t, c, l, legendOptional);
    }

    /** The last level: every part that may go has gone. */
    int lastLevel() {
        return 3;
    }

    private boolean hasCaption(int level) {
        return level < 1 && !caption.isEmpty();
    }

    private boolean hasTitle(int level) {
        return level < 2 && !title.isEmpty();
    }

    private boolean hasLegend(int level) {
        return legend != null && (level < 3 || !legendOptional);
    }

    /** The height of the block at {@code level} (0 = everything), the gap below it included. */
    double height(int level) {
        double h = 0;
        if (hasTitle(level)) {
            h += Drawing.linesHeight(style, title, style.titleFont());
        }
        if (hasCaption(level)) {
            h += Drawing.linesHeight(style, caption, style.tickFont());
        }
        if (hasLegend(level)) {
            h += style.fontSize() * 0.1 + legend.height();
        }
        return h > 0 ? h + style.fontSize() * 0.4 : 0;
    }

    /** The fullest level whose block fits in {@code available}; the last level when none does. */
    int fit(double available) {
        for (int level = 0; level < lastLevel(); level++) {
            if (height(level) <= available + 1e-9) {
                return level;
            }
        }
        return lastLevel();
    }

    /** Draws the block at {@code level} from {@code top}, centred on {@code centerX}. */
    void draw(Graphics2D g, int level, double top, double centerX) {
        double y = top;
        if (hasTitle(level)) {
            y = Drawing.titleLines(g, style, title, style.titleFont(), y, centerX, style.theme().foreground());
        }
        if (hasCaption(level)) {
            y = Drawing.titleLines(g, style, caption, style.tickFont(), y, centerX, style.theme().muted());
        }
        if (hasLegend(level)) {
            legend.draw(g, centerX, y + style.fontSize() * 0.1);
        }
    }
}
