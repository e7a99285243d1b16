package org.gapscope.figure;

import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Map;

import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * What SVG output needs beyond Java2D: text anchors that survive a change of font, a font list that
 * every renderer resolves, and the choice between text kept as text and text drawn as outlines.
 */
final class SvgSupport {

    /**
     * The font families an SVG names for the logical sans-serif font, best match first: the font the
     * layout was measured with (DejaVu Sans), then the common Helvetica-metric fonts, then the generic
     * family. Unquoted CSS family names, because JFreeSVG writes the style attribute in single quotes.
     */
    static final String SANS_FAMILIES = "DejaVu Sans, Arial, Helvetica, sans-serif";

    private SvgSupport() {
    }

    /** Whether {@code g} writes SVG text elements (not outlines and not pixels): then text anchors apply. */
    static boolean keepsText(Graphics2D g) {
        return g instanceof SVGGraphics2D
                && g.getRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE) != SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR;
    }

    /** Runs {@code draw} inside an SVG group {@code <g text-anchor="...">}. */
    static void anchored(Graphics2D g, String anchor, Runnable draw) {
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, Map.of("text-anchor", anchor));
        try {
            draw.run();
        } finally {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "text-anchor");
        }
    }

    /** The CSS font-family list written for a Java font family. */
    static String families(String javaFamily) {
        if (javaFamily.equals(Font.SANS_SERIF) || javaFamily.equals(Font.DIALOG)) {
            return SANS_FAMILIES;
        }
        if (javaFamily.equals(Font.SERIF)) {
            return "DejaVu Serif, Times New Roman, Times, serif";
        }
        if (javaFamily.equals(Font.MONOSPACED)) {
            return "DejaVu Sans Mono, Courier New, monospace";
        }
        return javaFamily + ", sans-serif";
    }
}
