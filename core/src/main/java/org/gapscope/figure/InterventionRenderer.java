package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the intervention before/after figure: gold, before and after answers side by side (each
 * judged correct or wrong in words as well as colour), the alignment path with the rewritten
 * positions marked, and optionally the dataset-level accuracy table.
 */
public final class InterventionRenderer implements FigureRenderer {

    private static final int MAX_ANSWER_LINES = 4;

    private final InterventionData data;
    private final String[] labels;

    /** A renderer for {@code data}. */
    public InterventionRenderer(InterventionData data) {
        if (data == null) {
            throw new IllegalArgumentException("intervention renderer: data is required");
        }
        this.data = data;
        this.labels = data.tokens().stream().map(Text::printable).toArray(String[]::new);
    }

    @Override
    public InterventionData data() {
        return data;
    }

    @Override
    public String description() {
        return "Intervention before/after: " + String.join("; ", titleParts()) + "; gold '" + data.gold()
                + "', before '" + data.before() + "', after '" + data.after() + "'";
    }

    private List<String> titleParts() {
        List<String> parts = new ArrayList<>();
        if (!data.title().isBlank()) {
            parts.add(data.title());
        }
        parts.add(data.methodLabel() + " at layer " + data.layer());
        return parts;
    }

    private record Geometry(double pad, List<String> titleLines, double answersTop, double colW, double colGap,
            List<List<String>> answerLines, Legend legend, double legendTop, Rectangle2D plot, Ticks timeTicks,
            double t1, int labelStep, double tokenLabelWidth, double tableTop, double[] tableCols, double tableLeft) {
    }

    private static final String[] HEADERS = {"gold answer", "before", "after"};

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        Font tf = style.tickFont();
        double lineH = Text.height(tf);
        List<String> titleLines = Text.joinWrapped(style.titleFont(), titleParts(), " \u00b7 ", contentW);
        double y = pad + Drawing.linesHeight(style, titleLines, style.titleFont()) + fs * 0.3;

        double answersTop = y;
        double colGap = fs * 0.8;
        double colW = (contentW - 2 * colGap) / 3;
        List<List<String>> answerLines = new ArrayList<>();
        int maxLines = 1;
        for (String a : new String[] {data.gold(), data.before(), data.after()}) {
            List<String> lines = a.isBlank() ? List.of("(empty)") : Text.wrap(tf, a, colW, MAX_ANSWER_LINES);
            answerLines.add(lines);
            maxLines = Math.max(maxLines, lines.size());
        }
        boolean verdicts = data.correctBefore() != null || data.correctAfter() != null;
        y += Text.height(style.boldFont()) + fs * 0.35 + maxLines * lineH + (verdicts ? lineH + fs * 0.2 : 0)
                + fs * 0.7;

        Legend legend = new Legend(legendEntries(style), style, contentW);
        double legendTop = y;
        y += legend.height() + fs * 0.3;
        double plotTop = y;

        double tableH = 0;
        double tableW = 0;
        double[] tableCols = null;
        if (data.accuracy() != null) {
            tableCols = tableColumns(style);
            for (double c : tableCols) {
                tableW += c;
            }
            tableH = (data.accuracy().rows().size() + 1) * lineH * 1.25 + fs * 0.6
                    + (data.accuracy().dataset().isBlank() ? 0 : lineH * 1.2);
        }
        // wide figures put the table beside the path; narrow ones below it
        boolean beside = tableCols != null && width >= fs * 40 && tableW <= contentW * 0.62;
        double tableLeft;
        double tableTop;
        double plotBottom;
        double plotRight;
        double axisH = Drawing.xAxisHeight(style, true);
        if (beside) {
            plotBottom = height - pad - axisH;
            tableLeft = width - pad - tableW;
            tableTop = plotTop + Math.max(0, (plotBottom - plotTop - tableH) / 2);
            plotRight = tableLeft - fs * 2;
        } else {
            tableLeft = pad + Math.max(0, (contentW - tableW) / 2);
            tableTop = height - pad - tableH;
            plotBottom = tableTop - (tableH > 0 ? fs * 0.8 : 0) - axisH;
            plotRight = width - pad - fs * 0.6;
            if (tableCols != null && plotBottom - plotTop < fs * 4) {
                // too small for both: keep the path readable, say where the table went
                tableCols = null;
                tableTop = height - pad - lineH;
                plotBottom = tableTop - fs * 0.4 - axisH;
            }
        }
        double tokenLabelWidth = Math.min(Text.maxWidth(style.boldFont(), List.of(labels)), contentW * 0.3);
        double plotLeft = pad + Text.height(style.labelFont()) + fs * 0.3 + tokenLabelWidth + style.tickLength()
                + fs * 0.3;
        double plotW = Math.max(fs, plotRight - plotLeft);
        double plotH = Math.max(fs, plotBottom - plotTop);
        Rectangle2D plot = new Rectangle2D.Double(plotLeft, plotTop, plotW, plotH);
        double t1 = data.endTime();
        double sample = Math.max(Text.width(tf, Ticks.format(t1, 1)), Text.width(tf, "0.00")) + fs * 1.6;
        Ticks timeTicks = Ticks.nice(Math.min(0, data.time(0)), t1, (int) Math.max(2, Math.min(10, plotW / sample)));
        double rowH = plotH / labels.length;
        int step = rowH >= lineH * 0.95 ? 1 : (int) Math.ceil(lineH * 1.1 / rowH);
        return new Geometry(pad, titleLines, answersTop, colW, colGap, answerLines, legend, legendTop, plot,
                timeTicks, t1, step, tokenLabelWidth, tableTop, tableCols, tableLeft);
    }

    private double[] tableColumns(FigureStyle style) {
        Font tf = style.tickFont();
        Font bf = style.boldFont();
        InterventionData.AccuracyTable t = data.accuracy();
        double c0 = Text.width(bf, "condition");
        double c1 = Text.width(bf, "accuracy (%)");
        double c2 = Text.width(bf, "n");
        double c3 = t.baseline() >= 0 ? Text.width(bf, "change") : 0;
        for (InterventionData.AccuracyRow r : t.rows()) {
            c0 = Math.max(c0, Text.width(tf, r.condition()));
            c2 = Math.max(c2, Text.width(tf, Integer.toString(r.n())));
            if (t.baseline() >= 0) {
                c3 = Math.max(c3, Text.width(tf, "+00.00"));
            }
        }
        double gap = style.fontSize() * 1.5;
        boolean hasN = t.rows().stream().anyMatch(r -> r.n() > 0);
        return new double[] {c0 + gap, c1 + gap, hasN ? c2 + gap : 0, c3};
    }

    private List<Legend.Entry> legendEntries(FigureStyle style) {
        List<Legend.Entry> entries = new ArrayList<>();
        entries.add(new Legend.Entry("aligned speech position", style.theme().muted(), true, false, 0, true, false,
                false));
        String sel = data.selection().isBlank() ? "" : " (" + data.selection() + ")";
        entries.add(new Legend.Entry("rewritten" + sel, changedColor(style), false, false, 0, false, false, false));
        return entries;
    }

    private static Color changedColor(FigureStyle style) {
        return style.theme().series(1);
    }

    private static Color verdictColor(FigureStyle style, boolean correct) {
        return correct ? style.theme().series(2) : style.theme().series(1);
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        Geometry probe = geometry(width, width, style);
        double fixed = width - probe.plot.getHeight();
        double plotH = Math.max(fs * 6, Math.min(Math.max(width * 0.45, probe.plot.getWidth() * 0.8),
                labels.length * Text.height(style.tickFont()) * 1.2));
        return Math.ceil(fixed + plotH);
    }

    /**
     * The tokens that get a label: rewritten ones first (as many as fit without overlapping), then
     * every {@code step}-th other one that does not crowd a shown label.
     */
    private boolean[] labelled(int step, double rowH, double lineH) {
        int tt = labels.length;
        boolean[] show = new boolean[tt];
        int near = (int) Math.ceil(lineH * 1.05 / rowH) - 1;
        for (int j = 0; j < tt; j++) {
            if (data.changed(j) && free(show, j, near)) {
                show[j] = true;
            }
        }
        for (int j = 0; j < tt; j += step) {
            if (!show[j] && free(show, j, near)) {
                show[j] = true;
            }
        }
        return show;
    }

    private static boolean free(boolean[] show, int j, int near) {
        for (int k = Math.max(0, j - near); k <= Math.min(show.length - 1, j + near); k++) {
            if (show[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            Drawing.title(g, style, geo.titleLines, geo.pad, width);
            drawAnswers(g, style, geo);
            geo.legend.draw(g, width / 2, geo.legendTop);
            drawPath(g, style, geo);
            if (geo.tableCols != null) {
                drawTable(g, style, geo);
            } else if (data.accuracy() != null) {
                g.setColor(style.theme().muted());
                Font tf = style.tickFont();
                Text.draw(g, tf, Text.elide(tf, "accuracy table left out at this size", width - 2 * geo.pad),
                        width / 2, geo.tableTop + Text.ascent(tf), Text.Align.CENTER);
            }
        } finally {
            g.dispose();
        }
    }

    private void drawAnswers(Graphics2D g, FigureStyle style, Geometry geo) {
        Font tf = style.tickFont();
        Font bf = style.boldFont();
        double fs = style.fontSize();
        Boolean[] verdicts = {null, data.correctBefore(), data.correctAfter()};
        for (int c = 0; c < 3; c++) {
            double x = geo.pad + c * (geo.colW + geo.colGap);
            double y = geo.answersTop + Text.ascent(bf);
            g.setColor(style.theme().foreground());
            Text.draw(g, bf, Text.elide(bf, HEADERS[c], geo.colW), x, y, Text.Align.LEFT);
            y += Text.descent(bf) + fs * 0.15;
            g.setColor(style.theme().axis());
            g.setStroke(new BasicStroke((float) style.axisWidth()));
            Drawing.line(g, x, y, x + geo.colW, y);
            y += fs * 0.2;
            g.setColor(style.theme().foreground());
            for (String line : geo.answerLines.get(c)) {
                y += Text.ascent(tf);
                Text.draw(g, tf, line, x, y, Text.Align.LEFT);
                y += Text.descent(tf);
            }
            if (verdicts[c] != null) {
                int maxLines = geo.answerLines.stream().mapToInt(List::size).max().orElse(1);
                double vy = geo.answersTop + Text.height(bf) + fs * 0.35 + maxLines * Text.height(tf) + fs * 0.2
                        + Text.ascent(bf);
                g.setColor(verdictColor(style, verdicts[c]));
                Text.draw(g, bf, verdicts[c] ? "correct" : "wrong", x, vy, Text.Align.LEFT);
            }
        }
    }

    private void drawPath(Graphics2D g, FigureStyle style, Geometry geo) {
        Rectangle2D plot = geo.plot;
        Font tf = style.tickFont();
        double fs = style.fontSize();
        Scale sx = new Scale(Math.min(0, data.time(0)), geo.t1, plot.getMinX(), plot.getMaxX());
        int tt = labels.length;
        double rowH = plot.getHeight() / tt;
        Drawing.xGrid(g, style, plot, sx, geo.timeTicks);
        g.setColor(style.theme().grid());
        g.setStroke(new BasicStroke((float) (style.axisWidth() * 0.6)));
        for (int j = 0; j < tt; j += geo.labelStep) {
            double y = plot.getY() + (j + 0.5) * rowH;
            Drawing.line(g, plot.getMinX(), y, plot.getMaxX(), y);
        }
        Drawing.frame(g, style, plot);
        Drawing.xAxis(g, style, plot, sx, geo.timeTicks, "speech time (s)");

        double tl = style.tickLength();
        boolean[] show = labelled(geo.labelStep, rowH, Text.height(tf));
        for (int j = 0; j < tt; j++) {
            if (!show[j]) {
                continue;
            }
            double y = plot.getY() + (j + 0.5) * rowH;
            g.setColor(style.theme().axis());
            g.setStroke(new BasicStroke((float) style.axisWidth()));
            Drawing.line(g, plot.getMinX() - tl, y, plot.getMinX(), y);
            g.setColor(data.changed(j) ? changedColor(style) : style.theme().foreground());
            Font f = data.changed(j) ? style.boldFont() : tf;
            Text.drawMiddle(g, f, Text.elide(f, labels[j], geo.tokenLabelWidth), plot.getMinX() - tl - fs * 0.3, y,
                    Text.Align.RIGHT);
        }
        Font lf = style.labelFont();
        String yLabel = geo.labelStep > 1 ? "text token (some shown)" : "text token";
        if (Text.width(lf, yLabel) > plot.getHeight() + fs) {
            yLabel = "token";
        }
        g.setColor(style.theme().foreground());
        Text.drawVertical(g, lf, Text.elide(lf, yLabel, plot.getHeight() + fs),
                geo.pad + Text.height(lf) / 2, plot.getCenterY());

        double[] xs = new double[tt];
        double[] ys = new double[tt];
        Path2D.Double line = new Path2D.Double();
        for (int j = 0; j < tt; j++) {
            int i = data.pathAt(j);
            double end = i + 1 < data.speechCount() ? data.time(i + 1) : data.endTime();
            xs[j] = sx.map((data.time(i) + end) / 2);
            ys[j] = plot.getY() + (j + 0.5) * rowH;
            if (j == 0) {
                line.moveTo(xs[j], ys[j]);
            } else {
                line.lineTo(xs[j], ys[j]);
            }
        }
        // no clip: every mark sits at a cell centre inside the plot (and some SVG viewers ignore clip paths)
        g.setColor(style.theme().muted());
        g.setStroke(style.solid(style.lineWidth() * 0.6));
        g.draw(line);
        double size = Math.max(fs * 0.25, Math.min(fs * 0.55, rowH * 0.75));
        for (int j = 0; j < tt; j++) {
            if (data.changed(j)) {
                continue;
            }
            Shape m = Drawing.marker(0, xs[j], ys[j], size);
            g.setColor(style.theme().background());
            g.fill(m);
            g.setColor(style.theme().muted());
            g.setStroke(style.solid(style.lineWidth() * 0.6));
            g.draw(m);
        }
        for (int j = 0; j < tt; j++) {
            if (!data.changed(j)) {
                continue;
            }
            Shape m = Drawing.marker(0, xs[j], ys[j], Math.max(size * 1.25, fs * 0.5));
            g.setColor(changedColor(style));
            g.fill(m);
            g.setColor(style.theme().background());
            g.setStroke(style.solid(style.axisWidth()));
            g.draw(m);
        }
    }

    private void drawTable(Graphics2D g, FigureStyle style, Geometry geo) {
        InterventionData.AccuracyTable t = data.accuracy();
        Font tf = style.tickFont();
        Font bf = style.boldFont();
        double fs = style.fontSize();
        double rowH = Text.height(tf) * 1.25;
        double[] cols = geo.tableCols;
        double total = cols[0] + cols[1] + cols[2] + cols[3];
        double x0 = geo.tableLeft;
        double y = geo.tableTop;
        if (!t.dataset().isBlank()) {
            g.setColor(style.theme().muted());
            Text.draw(g, tf, "accuracy on " + t.dataset(), x0 + total / 2, y + Text.ascent(tf), Text.Align.CENTER);
            y += Text.height(tf) * 1.2;
        }
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) (style.axisWidth() * 1.4)));
        Drawing.line(g, x0, y, x0 + total, y);
        y += fs * 0.15;
        String[] header = {"condition", "accuracy (%)", cols[2] > 0 ? "n" : "", t.baseline() >= 0 ? "change" : ""};
        drawRow(g, style, bf, header, cols, x0, y, rowH, style.theme().foreground());
        y += rowH;
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        Drawing.line(g, x0, y, x0 + total, y);
        y += fs * 0.15;
        double base = t.baseline() >= 0 ? t.rows().get(t.baseline()).accuracy() : Double.NaN;
        for (int r = 0; r < t.rows().size(); r++) {
            InterventionData.AccuracyRow row = t.rows().get(r);
            String change = "";
            if (t.baseline() >= 0 && r != t.baseline()) {
                double d = row.accuracy() - base;
                change = (d > 0 ? "+" : "") + Ticks.format(d, 2);
            }
            String[] cells = {row.condition(), Ticks.format(row.accuracy(), 2), cols[2] > 0 ? Integer.toString(row.n())
                : "", change};
            drawRow(g, style, tf, cells, cols, x0, y, rowH, style.theme().foreground());
            y += rowH;
        }
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) (style.axisWidth() * 1.4)));
        Drawing.line(g, x0, y + fs * 0.1, x0 + total, y + fs * 0.1);
    }

    private static void drawRow(Graphics2D g, FigureStyle style, Font font, String[] cells, double[] cols, double x0,
            double top, double rowH, Color color) {
        double mid = top + rowH / 2;
        g.setColor(color);
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
