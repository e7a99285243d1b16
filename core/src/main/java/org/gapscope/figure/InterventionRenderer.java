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
 * positions marked, and optionally the dataset-level accuracy table ({@link InterventionTable}),
 * beside the path on wide figures, below it on narrow ones.
 */
public final class InterventionRenderer implements FigureRenderer {

    private static final int MAX_ANSWER_LINES = 4;
    private static final String[] HEADERS = {"gold answer", "before", "after"};
    private static final String Y_LABEL = "text token";
    private static final String X_LABEL = "speech time (s)";

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
        // the layer rewritten comes right after the method: the tokens may come from another layer's path
        parts.add(data.method() + " at layer " + data.layer() + (data.selection().isBlank() ? "" : ", " + data.selection()));
        return parts;
    }

    private record Geometry(double pad, Header header, int headerLevel, double answersTop, double colW, double colGap,
            List<List<String>> answerLines, Legend legend, double legendTop, Rectangle2D plot, Ticks timeTicks,
            double t1, int labelStep, double tokenLabelWidth, List<String> yLabel, InterventionTable table,
            double tableLeft, double tableTop, boolean tableLeftOut) {
    }

    /** The parts above the path: answers and legend, their heights and lines, for a content width. */
    private record Top(double colW, double colGap, List<List<String>> answerLines, double answersH, Legend legend) {
    }

    private Top top(FigureStyle style, double contentW) {
        double fs = style.fontSize();
        Font tf = style.tickFont();
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
        double answersH = Text.height(style.boldFont()) + fs * 0.35 + maxLines * style.lineHeight()
                + (verdicts ? style.lineHeight() + fs * 0.2 : 0) + fs * 0.7;
        Legend legend = new Legend(legendEntries(style), style, contentW);
        return new Top(colW, colGap, answerLines, answersH, legend);
    }

    private Header header(FigureStyle style, double contentW) {
        return Header.of(style, contentW, titleParts(), List.of(), null, true);
    }

    /** Whether the table goes beside the path: on a wide figure, when the path keeps room for four time ticks. */
    private boolean tableBeside(double width, FigureStyle style, InterventionTable table) {
        if (table == null || width < style.fontSize() * 40) {
            return false;
        }
        double fs = style.fontSize();
        double pathW = width - 1.2 * fs - table.width() - 2 * fs - leftColumn(style) - fs * 0.6;
        return pathW >= Math.max(plotMinWidth(style), fs * 12);
    }

    /** Rotated axis label, token labels and ticks left of the path. */
    private double leftColumn(FigureStyle style) {
        double fs = style.fontSize();
        return Drawing.axisLabelThickness(style, 1) + fs * 0.6 + Text.maxWidth(style.boldFont(), List.of(labels))
                + style.tickLength();
    }

    /** The path plot's least width: its axis label and four time ticks. */
    private double plotMinWidth(FigureStyle style) {
        return Math.max(Text.width(style.labelFont(), X_LABEL),
                Ticks.MIN_COUNT * (Text.width(style.tickFont(), Ticks.format(data.endTime(), 1)) + style.fontSize() * 1.2));
    }

    private double plotMin(FigureStyle style) {
        return Math.max(Math.max(labels.length * style.lineHeight(), Drawing.axisLabelNeed(style, Y_LABEL)),
                style.fontSize() * 4);
    }

    /** Everything but the path's plot, at header {@code level}. */
    private double outside(double width, FigureStyle style, int level) {
        double fs = style.fontSize();
        double contentW = Math.max(fs, width - 1.2 * fs);
        Top t = top(style, contentW);
        InterventionTable table = data.accuracy() == null ? null : new InterventionTable(data.accuracy(), style);
        double below = table == null || tableBeside(width, style, table) ? 0 : table.height() + fs * 0.8;
        return 1.2 * fs + header(style, contentW).height(level) + t.answersH + t.legend.height() + fs * 0.3 + below
                + Drawing.xAxisHeight(style, true);
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        Header header = header(style, contentW);
        int level = header.fit(height - outside(width, style, header.lastLevel()) - plotMin(style));
        Top t = top(style, contentW);
        double answersTop = pad + header.height(level);
        double legendTop = answersTop + t.answersH;
        double plotTop = legendTop + t.legend.height() + fs * 0.3;
        double axisH = Drawing.xAxisHeight(style, true);
        InterventionTable table = data.accuracy() == null ? null : new InterventionTable(data.accuracy(), style);
        double tableLeft = 0;
        double tableTop = 0;
        double plotBottom;
        double plotRight;
        boolean leftOut = false;
        if (tableBeside(width, style, table)) {
            plotBottom = height - pad - axisH;
            tableLeft = width - pad - table.width();
            tableTop = plotTop + Math.max(0, (plotBottom - plotTop - table.height()) / 2);
            plotRight = tableLeft - fs * 2;
        } else {
            double tableH = table == null ? 0 : table.height();
            tableLeft = pad + Math.max(0, (contentW - (table == null ? 0 : table.width())) / 2);
            tableTop = height - pad - tableH;
            plotBottom = tableTop - (tableH > 0 ? fs * 0.8 : 0) - axisH;
            plotRight = width - pad - fs * 0.6;
            if (table != null && plotBottom - plotTop < fs * 4) {
                // a screen canvas too small for both: keep the path readable, say where the table went
                table = null;
                leftOut = true;
                tableTop = height - pad - style.lineHeight();
                plotBottom = tableTop - fs * 0.4 - axisH;
            }
        }
        double plotH = Math.max(fs, plotBottom - plotTop);
        List<String> yLabel = Drawing.axisLabel(style, Y_LABEL, plotH + fs);
        double tokenLabelWidth = Math.min(Text.maxWidth(style.boldFont(), List.of(labels)), contentW * 0.45);
        double plotLeft = pad + Drawing.axisLabelThickness(style, yLabel.size()) + fs * 0.3 + tokenLabelWidth
                + style.tickLength() + fs * 0.3;
        double plotW = Math.max(fs, plotRight - plotLeft);
        Rectangle2D plot = new Rectangle2D.Double(plotLeft, plotTop, plotW, plotH);
        double t1 = data.endTime();
        Ticks timeTicks = Ticks.seconds(Math.min(0, data.time(0)), t1, Ticks.MIN_COUNT,
                AudioStripRenderer.timeTickRoom(style, plotW, t1));
        double rowH = plotH / labels.length;
        double lineH = style.lineHeight();
        int step = rowH >= lineH * 0.95 ? 1 : (int) Math.ceil(lineH * 1.1 / rowH);
        return new Geometry(pad, header, level, answersTop, t.colW, t.colGap, t.answerLines, t.legend, legendTop, plot,
                timeTicks, t1, step, tokenLabelWidth, yLabel, table, tableLeft, tableTop, leftOut);
    }

    private List<Legend.Entry> legendEntries(FigureStyle style) {
        List<Legend.Entry> entries = new ArrayList<>();
        entries.add(new Legend.Entry("aligned speech position", style.theme().muted(), true, false, 0, true, false,
                null));
        String sel = data.selection().isBlank() ? "" : " (" + data.selection() + ")";
        entries.add(new Legend.Entry("rewritten" + sel, changedColor(style), false, false, 0, false, false, null));
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
        Geometry probe = geometry(width, width * 3, style);
        double plotH = Math.max(fs * 6, Math.min(Math.max(width * 0.45, probe.plot.getWidth() * 0.8),
                labels.length * style.lineHeight() * 1.2));
        return Math.max(minimumHeight(width, style), Math.ceil(outside(width, style, 0) + Math.max(plotH,
                plotMin(style))));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        return Math.ceil(outside(width, style, header(style, width).lastLevel()) + plotMin(style));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double fs = style.fontSize();
        double w = 1.2 * fs + leftColumn(style) + plotMinWidth(style) + fs * 0.6;
        Legend legend = new Legend(legendEntries(style), style, 1e9);
        w = Math.max(w, legend.widestEntry() + 1.2 * fs);
        if (data.accuracy() != null) {
            w = Math.max(w, new InterventionTable(data.accuracy(), style).width() + 1.2 * fs);
        }
        double headers = 0;
        for (String h : HEADERS) {
            headers = Math.max(headers, Text.width(style.boldFont(), h));
        }
        return Math.ceil(Math.max(w, 3 * headers + 1.6 * fs + 1.2 * fs));
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            geo.header.draw(g, geo.headerLevel, geo.pad, width / 2);
            drawAnswers(g, style, geo);
            geo.legend.draw(g, width / 2, geo.legendTop);
            drawPath(g, style, geo);
            if (geo.table != null) {
                geo.table.draw(g, geo.tableLeft, geo.tableTop);
            } else if (geo.tableLeftOut) {
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
        int maxLines = geo.answerLines.stream().mapToInt(List::size).max().orElse(1);
        for (int c = 0; c < 3; c++) {
            double x = geo.pad + c * (geo.colW + geo.colGap);
            double y = geo.answersTop + Text.ascent(bf);
            g.setColor(style.theme().foreground());
            Text.draw(g, bf, HEADERS[c], x, y, Text.Align.LEFT);
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
                double vy = geo.answersTop + Text.height(bf) + fs * 0.35 + maxLines * style.lineHeight() + fs * 0.2
                        + Text.ascent(bf);
                g.setColor(verdictColor(style, verdicts[c]));
                Text.draw(g, bf, verdicts[c] ? "correct" : "wrong", x, vy, Text.Align.LEFT);
            }
        }
    }

    /**
     * The tokens that get a label: every one when the rows are a line tall (always in an export);
     * on a small canvas rewritten ones first, then every {@code step}-th other one not crowding them.
     */
    private boolean[] labelled(int step, double rowH, double lineH) {
        int tt = labels.length;
        boolean[] show = new boolean[tt];
        if (step == 1) {
            java.util.Arrays.fill(show, true);
            return show;
        }
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
        Drawing.xAxis(g, style, plot, sx, geo.timeTicks, X_LABEL);

        double tl = style.tickLength();
        boolean[] show = labelled(geo.labelStep, rowH, style.lineHeight());
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
        List<String> yLabel = geo.labelStep > 1 ? Drawing.axisLabel(style, "text token (some shown)",
                plot.getHeight() + fs) : geo.yLabel;
        Drawing.verticalLabel(g, style, yLabel, geo.pad + Drawing.axisLabelThickness(style, yLabel.size()) / 2,
                plot.getCenterY());
        drawMarks(g, style, plot, sx, rowH);
    }

    private void drawMarks(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, double rowH) {
        int tt = labels.length;
        double fs = style.fontSize();
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
        // rewritten positions last, so that they lie on top
        for (boolean changed : new boolean[] {false, true}) {
            for (int j = 0; j < tt; j++) {
                if (data.changed(j) != changed) {
                    continue;
                }
                Shape m = Drawing.marker(0, xs[j], ys[j], changed ? Math.max(size * 1.25, fs * 0.5) : size);
                g.setColor(changed ? changedColor(style) : style.theme().background());
                g.fill(m);
                g.setColor(changed ? style.theme().background() : style.theme().muted());
                g.setStroke(style.solid(changed ? style.axisWidth() : style.lineWidth() * 0.6));
                g.draw(m);
            }
        }
    }
}
