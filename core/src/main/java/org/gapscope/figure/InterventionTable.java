package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;

/**
 * The dataset-level accuracy table of the intervention figure, typeset as a booktabs table
 * (rules above, below the header and at the end): condition, accuracy, n, and the change against
 * the baseline row.
 */
final class InterventionTable {

    private final InterventionData.AccuracyTable table;
    private final FigureStyle style;
    private final double[] cols;

    InterventionTable(InterventionData.AccuracyTable table, FigureStyle style) {
        this.table = table;
        this.style = style;
        this.cols = columns();
    }

    private double[] columns() {
        Font tf = style.tickFont();
        Font bf = style.boldFont();
        double c0 = Text.width(bf, "condition");
        double c1 = Text.width(bf, "accuracy (%)");
        double c2 = Text.width(bf, "n");
        double c3 = table.baseline() >= 0 ? Text.width(bf, "change") : 0;
        for (InterventionData.AccuracyRow r : table.rows()) {
            c0 = Math.max(c0, Text.width(tf, r.condition()));
            c2 = Math.max(c2, Text.width(tf, Integer.toString(r.n())));
            if (table.baseline() >= 0) {
                c3 = Math.max(c3, Text.width(tf, "+00.00"));
            }
        }
        double gap = style.fontSize() * 1.5;
        boolean hasN = table.rows().stream().anyMatch(r -> r.n() > 0);
        return new double[] {c0 + gap, c1 + gap, hasN ? c2 + gap : 0, c3};
    }

    private double rowHeight() {
        return style.lineHeight() * 1.25;
    }

    double width() {
        return cols[0] + cols[1] + cols[2] + cols[3];
    }

    double height() {
        return (table.rows().size() + 1) * rowHeight() + style.fontSize() * 0.6
                + (table.dataset().isBlank() ? 0 : style.lineHeight() * 1.2);
    }

    /** Draws the table with its top-left corner at {@code (x0, top)}. */
    void draw(Graphics2D g, double x0, double top) {
        Font tf = style.tickFont();
        double fs = style.fontSize();
        double total = width();
        double y = top;
        if (!table.dataset().isBlank()) {
            g.setColor(style.theme().muted());
            Text.draw(g, tf, "accuracy on " + table.dataset(), x0 + total / 2, y + Text.ascent(tf), Text.Align.CENTER);
            y += style.lineHeight() * 1.2;
        }
        rule(g, x0, y, total, 1.4);
        y += fs * 0.15;
        String[] header = {"condition", "accuracy (%)", cols[2] > 0 ? "n" : "", table.baseline() >= 0 ? "change" : ""};
        row(g, style.boldFont(), header, x0, y);
        y += rowHeight();
        rule(g, x0, y, total, 1.0);
        y += fs * 0.15;
        double base = table.baseline() >= 0 ? table.rows().get(table.baseline()).accuracy() : Double.NaN;
        for (int r = 0; r < table.rows().size(); r++) {
            InterventionData.AccuracyRow row = table.rows().get(r);
            String change = "";
            if (table.baseline() >= 0 && r != table.baseline()) {
                double d = row.accuracy() - base;
                change = (d > 0 ? "+" : "") + Ticks.format(d, 2);
            }
            String[] cells = {row.condition(), Ticks.format(row.accuracy(), 2),
                cols[2] > 0 ? Integer.toString(row.n()) : "", change};
            row(g, tf, cells, x0, y);
            y += rowHeight();
        }
        rule(g, x0, y + fs * 0.1, total, 1.4);
    }

    private void rule(Graphics2D g, double x0, double y, double total, double weight) {
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) (style.axisWidth() * weight)));
        Drawing.line(g, x0, y, x0 + total, y);
    }

    private void row(Graphics2D g, Font font, String[] cells, double x0, double top) {
        double mid = top + rowHeight() / 2;
        g.setColor(style.theme().foreground());
        double x = x0;
        double gap = style.fontSize() * 1.5;
        for (int c = 0; c < cells.length; c++) {
            if (cols[c] <= 0) {
                continue;
            }
            if (c == 0) {
                Text.drawMiddle(g, font, cells[c], x, mid, Text.Align.LEFT);
            } else {
                double right = x + cols[c] - (c == cols.length - 1 ? 0 : gap);
                Text.drawMiddle(g, font, cells[c], right, mid, Text.Align.RIGHT);
            }
            x += cols[c];
        }
    }
}
