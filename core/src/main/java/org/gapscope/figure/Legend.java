package org.gapscope.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/** A legend laid out in rows that flow within a width, centred; each entry a line/marker/band sample and a label. */
final class Legend {

    /**
     * One legend entry.
     *
     * @param label the text
     * @param color the sample's colour
     * @param line whether a line is drawn in the sample
     * @param dashed whether that line is dashed
     * @param marker marker shape index, or -1 for none
     * @param hollow whether the marker is drawn as an outline
     * @param band whether a translucent band is drawn behind the sample
     * @param halo the colour of an outline around the sample's line and marker (as the path on a heatmap), or null
     * @param boxed whether the sample is a small box framed as the heatmap's word spans ({@link HeatmapSpans})
     */
    record Entry(String label, Color color, boolean line, boolean dashed, int marker, boolean hollow, boolean band,
            Color halo, boolean boxed) {

        /** An entry without a box sample. */
        Entry(String label, Color color, boolean line, boolean dashed, int marker, boolean hollow, boolean band,
                Color halo) {
            this(label, color, line, dashed, marker, hollow, band, halo, false);
        }
    }

    private final List<Entry> entries;
    private final FigureStyle style;
    private final List<List<Entry>> rows = new ArrayList<>();
    private final List<Double> rowWidths = new ArrayList<>();
    private final double maxWidth;

    Legend(List<Entry> entries, FigureStyle style, double maxWidth) {
        this.entries = List.copyOf(entries);
        this.style = style;
        List<Entry> row = new ArrayList<>();
        double w = 0;
        for (Entry e : this.entries) {
            double ew = entryWidth(e, maxWidth);
            double add = row.isEmpty() ? ew : gap() + ew;
            if (!row.isEmpty() && w + add > maxWidth) {
                rows.add(row);
                rowWidths.add(w);
                row = new ArrayList<>();
                w = 0;
                add = ew;
            }
            row.add(e);
            w += add;
        }
        if (!row.isEmpty()) {
            rows.add(row);
            rowWidths.add(w);
        }
        this.maxWidth = maxWidth;
    }

    private double sampleWidth() {
        return style.fontSize() * 1.8;
    }

    private double gap() {
        return style.fontSize() * 1.1;
    }

    private double entryWidth(Entry e, double max) {
        double textMax = max - sampleWidth() - style.fontSize() * 0.35;
        return sampleWidth() + style.fontSize() * 0.35 + Math.min(textMax, Text.width(style.tickFont(), e.label()));
    }

    /** The width of the widest entry, sample included: the legend needs at least this much room. */
    double widestEntry() {
        double w = 0;
        for (Entry e : entries) {
            w = Math.max(w, sampleWidth() + style.fontSize() * 0.35 + Text.width(style.tickFont(), e.label()));
        }
        return w;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    double rowHeight() {
        return Text.height(style.tickFont()) * 1.2;
    }

    double height() {
        return rows.size() * rowHeight();
    }

    /** Draws the legend with its first row's top at {@code top}, rows centred on {@code centerX}. */
    void draw(Graphics2D g, double centerX, double top) {
        Font font = style.tickFont();
        double y = top;
        for (int r = 0; r < rows.size(); r++) {
            double x = centerX - rowWidths.get(r) / 2;
            double mid = y + rowHeight() / 2;
            for (Entry e : rows.get(r)) {
                drawSample(g, e, x, mid);
                double tx = x + sampleWidth() + style.fontSize() * 0.35;
                String label = Text.elide(font, e.label(), maxWidth - sampleWidth() - style.fontSize() * 0.35);
                g.setColor(style.theme().foreground());
                Text.drawMiddle(g, font, label, tx, mid, Text.Align.LEFT);
                x = tx + Text.width(font, label) + gap();
            }
            y += rowHeight();
        }
    }

    private void drawSample(Graphics2D g, Entry e, double x, double mid) {
        double w = sampleWidth();
        double lw = style.lineWidth();
        if (e.boxed()) {
            double h = style.fontSize() * 0.7;
            Rectangle2D box = new Rectangle2D.Double(x + w * 0.15, mid - h / 2, w * 0.7, h);
            g.setColor(e.halo() != null ? e.halo() : style.theme().foreground());
            g.setStroke(HeatmapSpans.outer(style));
            g.draw(box);
            g.setColor(e.color());
            g.setStroke(HeatmapSpans.inner(style));
            g.draw(box);
        }
        if (e.band()) {
            g.setColor(Drawing.alpha(e.color(), 0.22));
            g.fill(new Rectangle2D.Double(x, mid - style.fontSize() * 0.38, w, style.fontSize() * 0.76));
        }
        if (e.line()) {
            if (e.halo() != null) {
                g.setColor(e.halo());
                g.setStroke(style.solid(lw * 0.6 + style.fontSize() * 0.16));
                Drawing.line(g, x, mid, x + w, mid);
            }
            g.setColor(e.color());
            double core = e.halo() != null ? lw * 0.6 : lw;
            g.setStroke(e.dashed() ? style.dashed(core) : style.solid(core));
            Drawing.line(g, x, mid, x + w, mid);
        }
        if (e.marker() >= 0) {
            Shape m = Drawing.marker(e.marker(), x + w / 2, mid, style.fontSize() * 0.55);
            if (e.hollow()) {
                g.setColor(style.theme().background());
                g.fill(m);
                g.setColor(e.color());
                g.setStroke(style.solid(style.lineWidth() * 0.8));
                g.draw(m);
            } else {
                g.setColor(e.color());
                g.fill(m);
                if (e.halo() != null) {
                    g.setColor(e.halo());
                    g.setStroke(style.solid(style.axisWidth()));
                    g.draw(m);
                }
            }
        }
    }
}
