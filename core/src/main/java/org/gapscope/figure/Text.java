package org.gapscope.figure;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures and places text the same way for every output: metrics come from one fixed,
 * antialiased, fractional-metrics render context, so a figure lays out identically on screen,
 * in a PNG and in an SVG.
 */
final class Text {

    /** The render context every measurement uses. */
    static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);

    /** Horizontal anchor of a label. */
    enum Align { LEFT, CENTER, RIGHT }

    private static final String ELLIPSIS = "\u2026";

    private Text() {
    }

    static double width(Font font, String s) {
        return s.isEmpty() ? 0 : font.getStringBounds(s, FRC).getWidth();
    }

    static double ascent(Font font) {
        return font.getLineMetrics("Hg", FRC).getAscent();
    }

    static double descent(Font font) {
        return font.getLineMetrics("Hg", FRC).getDescent();
    }

    /** Ascent plus descent: the space one line of text needs. */
    static double height(Font font) {
        return ascent(font) + descent(font);
    }

    /** Height of capital letters and digits, for centring a label on a tick. */
    static double capHeight(Font font) {
        return font.createGlyphVector(FRC, "H").getVisualBounds().getHeight();
    }

    static double maxWidth(Font font, List<String> strings) {
        double w = 0;
        for (String s : strings) {
            w = Math.max(w, width(font, s));
        }
        return w;
    }

    /**
     * Draws {@code s} with its baseline at {@code y}, anchored horizontally at {@code x}. In an SVG
     * with text kept as text the anchor is written as {@code text-anchor} (start, middle, end), so
     * that a label stays right-aligned on its tick or centred under it in whatever font the reader's
     * renderer substitutes; elsewhere the left edge is computed from this font's metrics.
     */
    static void draw(Graphics2D g, Font font, String s, double x, double y, Align align) {
        if (s.isEmpty()) {
            return;
        }
        g.setFont(font);
        if (align != Align.LEFT && SvgSupport.keepsText(g)) {
            SvgSupport.anchored(g, align == Align.CENTER ? "middle" : "end", () -> g.drawString(s, (float) x, (float) y));
            return;
        }
        double w = width(font, s);
        double left = switch (align) {
            case LEFT -> x;
            case CENTER -> x - w / 2;
            case RIGHT -> x - w;
        };
        g.drawString(s, (float) left, (float) y);
    }

    /** Draws {@code s} vertically centred on {@code y} (digits and capitals centred on the line). */
    static void drawMiddle(Graphics2D g, Font font, String s, double x, double y, Align align) {
        draw(g, font, s, x, y + capHeight(font) / 2, align);
    }

    /** Draws {@code s} rotated to read bottom to top, centred on {@code (cx, cy)}. */
    static void drawVertical(Graphics2D g, Font font, String s, double cx, double cy) {
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.rotate(-Math.PI / 2);
        draw(g, font, s, 0, capHeight(font) / 2, Align.CENTER);
        g.setTransform(saved);
    }

    /**
     * {@code s} split at spaces into at most {@code maxLines} lines so that the longest line is as
     * short as possible (for an axis label that must not be cut: its length is what the axis needs).
     */
    static List<String> balanced(Font font, String s, int maxLines) {
        String[] words = s.trim().split("\\s+");
        List<String> best = List.of(s.trim());
        double bestWidth = width(font, s.trim());
        if (maxLines < 2 || words.length < 2) {
            return best;
        }
        for (int cut = 1; cut < words.length; cut++) {
            String a = String.join(" ", java.util.Arrays.copyOfRange(words, 0, cut));
            String b = String.join(" ", java.util.Arrays.copyOfRange(words, cut, words.length));
            double w = Math.max(width(font, a), width(font, b));
            if (w < bestWidth - 1e-9) {
                bestWidth = w;
                best = List.of(a, b);
            }
        }
        return best;
    }

    /** {@code s}, shortened with an ellipsis so that it fits {@code max} (screen drawing only; exports never cut text). */
    static String elide(Font font, String s, double max) {
        if (width(font, s) <= max) {
            return s;
        }
        int lo = 0;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (width(font, s.substring(0, mid) + ELLIPSIS) <= max) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? ELLIPSIS : s.substring(0, lo) + ELLIPSIS;
    }

    /**
     * {@code s} broken into lines no wider than {@code max}: at spaces where possible, inside a
     * word only when one word alone is too wide; at most {@code maxLines} lines, the last elided.
     */
    static List<String> wrap(Font font, String s, double max, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.trim().split("\\s+")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (width(font, candidate) <= max) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (width(font, rest) > max && rest.length() > 1) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(font, rest.substring(0, cut)) > max) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            String last = kept.get(maxLines - 1) + " " + String.join(" ", lines.subList(maxLines, lines.size()));
            kept.set(maxLines - 1, elide(font, last, max));
            return kept;
        }
        return lines;
    }

    /**
     * Joins parts with a separator into lines no wider than {@code max}, breaking between parts;
     * a part too wide for a line alone is broken between its words.
     */
    static List<String> joinWrapped(Font font, List<String> parts, String separator, double max) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String part : parts) {
            if (part == null || part.isEmpty()) {
                continue;
            }
            String candidate = line.isEmpty() ? part : line + separator + part;
            if (width(font, candidate) <= max) {
                line = candidate;
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line);
                line = "";
            }
            if (width(font, part) <= max) {
                line = part;
            } else {
                List<String> pieces = wrap(font, part, max, 6);
                lines.addAll(pieces.subList(0, pieces.size() - 1));
                line = pieces.get(pieces.size() - 1);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    /** A token string made printable: control characters escaped, a blank token shown as a visible placeholder. */
    static String printable(String token) {
        if (token == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        String s = b.toString();
        return s.isBlank() ? "'" + s + "'" : s;
    }
}
