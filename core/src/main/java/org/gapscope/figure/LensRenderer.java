package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the logit lens (nostalgebraist 2020; AudioLens, Yang et al. 2025): for each side, a grid of
 * positions across and read layers up (layer 0 at the bottom), each cell coloured by its top-1
 * probability and, where the token fits whole, labelled with it; speech positions are labelled with
 * their start times, text positions with their tokens (rotated). With both sides, lens agreement per
 * layer is drawn as a curve on the same rows, right of the grids. Title and sources above (left out
 * in paper style, kept in the file's metadata).
 */
public final class LensRenderer implements FigureRenderer {

    private static final String Y_LABEL = "layer";
    private static final String BAR_LABEL = "top-1 probability";

    private final LensData data;

    /**
     * A cell of the grid under a point.
     *
     * @param side       {@code speech} or {@code text}
     * @param position   the position's index on that side
     * @param layerIndex the index into {@link LensData#layers()}
     */
    public record Cell(String side, int position, int layerIndex) {
    }

    /** A renderer for {@code data}. */
    public LensRenderer(LensData data) {
        if (data == null) {
            throw new IllegalArgumentException("lens renderer: data is required");
        }
        this.data = data;
    }

    @Override
    public LensData data() {
        return data;
    }

    @Override
    public String description() {
        List<String> parts = new ArrayList<>(titleParts());
        List<String> sides = data.sides().stream().map(s -> s.name() + " (" + s.positions() + " positions)").toList();
        parts.add("top-1 lens token per position and layer, " + String.join(" and ", sides));
        parts.addAll(captionParts());
        return "Logit lens: " + String.join("; ", parts);
    }

    private List<String> titleParts() {
        return data.title().isBlank() ? List.of() : List.of(data.title());
    }

    private List<String> captionParts() {
        List<String> parts = new ArrayList<>();
        parts.add(data.source());
        if (data.hasAgreement()) {
            String mean = Double.isNaN(data.agreementMean()) ? ""
                    : ", mean " + Ticks.format(data.agreementMean(), 3) + " over layers " + data.averaged();
            parts.add(data.agreementCaption() + mean);
        }
        return parts;
    }

    /** Where everything goes at one size. */
    private record Layout(Header header, int level, double pad, List<Rectangle2D> grids, Rectangle2D agreement,
            Rectangle2D bar, Ticks layerTicks, Ticks barTicks) {
    }

    private Ticks layerTicks(double plotHeight, FigureStyle style) {
        int n = data.layers().length;
        int max = Math.max(2, (int) Math.floor(plotHeight / (style.fontSize() * 1.3)));
        Ticks index = n <= max ? Ticks.integers(0, n - 1, n, n) : Ticks.integers(0, n - 1, Math.min(Ticks.MIN_COUNT, n), max);
        int[] layers = data.layers();
        String[] labels = new String[index.values().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Integer.toString(layers[(int) index.values()[i]]);
        }
        return new Ticks(index.values(), labels);
    }

    /** Ticks of the probability bar: at least four, as many as fit {@code length} up to six. */
    private static Ticks barTicks(double length, FigureStyle style) {
        int max = Math.max(Ticks.MIN_COUNT, Math.min(6, (int) Math.floor(length / (style.fontSize() * 1.4))));
        return Ticks.nice(0, 1, Ticks.MIN_COUNT, max);
    }

    /** At least four ticks across 0..1 (0, 0.2, ..., 1). */
    private static Ticks agreementTicks() {
        return Ticks.nice(0, 1, Ticks.MIN_COUNT, 6);
    }

    private double left(FigureStyle style, double pad) {
        return pad + Drawing.axisLabelThickness(style, 1) + style.fontSize() * 0.3
                + Drawing.yTicksWidth(style, layerTicks(Double.MAX_VALUE, style));
    }

    private double right(FigureStyle style, double pad) {
        return pad + style.fontSize() * 0.8 + Drawing.colorBarWidth(style, barTicks(Double.MAX_VALUE, style), 1);
    }

    private double agreementWidth(FigureStyle style) {
        return data.hasAgreement() ? style.fontSize() * 11 : 0;
    }

    private double gap(FigureStyle style) {
        return style.fontSize() * 1.2;
    }

    /** The longest text-token label (drawn rotated under the text grid). */
    private double tokenLabelLength(FigureStyle style) {
        LensData.Side text = data.side("text");
        return text == null ? 0 : Text.maxWidth(style.tickFont(), text.labels().stream().map(Text::printable).toList());
    }

    private double bottom(FigureStyle style, double pad) {
        double axis = Drawing.xAxisHeight(style, true);
        double rotated = style.tickLength() + style.fontSize() * 0.25 + tokenLabelLength(style) + style.fontSize() * 0.2
                + Text.height(style.labelFont());
        return pad + Math.max(axis, rotated);
    }

    private static double above(FigureStyle style) {
        return Text.height(style.tickFont()) / 2;
    }

    private double minGrid(FigureStyle style) {
        return style.fontSize() * 6;
    }

    private static final String[] SPEECH_LABELS = {"speech position (start time)", "speech (start time)", "speech"};

    /** The longest speech axis label that fits {@code width}, never cut (the shortest when none does). */
    private static String speechAxisLabel(double width, FigureStyle style) {
        for (String label : SPEECH_LABELS) {
            if (Text.width(style.labelFont(), label) + style.fontSize() * 0.5 <= width) {
                return label;
            }
        }
        return SPEECH_LABELS[SPEECH_LABELS.length - 1];
    }

    /** The width the speech grid's axis label needs, with a little room on either side. */
    private double speechLabelWidth(FigureStyle style) {
        return Text.width(style.labelFont(), SPEECH_LABELS[0]) + style.fontSize();
    }

    private double minPlotHeight(FigureStyle style) {
        return Math.max(style.fontSize() * 6, data.layers().length * style.fontSize() * 0.5);
    }

    private Layout layout(double width, double height, FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        Header header = Header.of(style, width - 2 * pad, titleParts(), captionParts(), null, true);
        double l = left(style, pad);
        double r = right(style, pad);
        double b = bottom(style, pad);
        int level = header.fit(Math.max(0, height - b - pad - above(style) - minPlotHeight(style)));
        double top = pad + header.height(level) + above(style);
        double plotH = Math.max(style.fontSize(), height - top - b);
        double aw = agreementWidth(style);
        int sides = data.sides().size();
        double body = Math.max(style.fontSize() * sides, width - l - r - aw - (aw > 0 ? gap(style) : 0)
                - (sides - 1) * gap(style));
        List<Rectangle2D> grids = new ArrayList<>();
        if (sides == 1) {
            grids.add(new Rectangle2D.Double(l, top, body, plotH));
        } else {
            double ns = data.sides().get(0).positions();
            double nt = data.sides().get(1).positions();
            double textW = Math.max(body * 0.25, Math.min(body * 0.45, body * nt / (ns + nt)));
            // the speech grid is never narrower than its axis label, which would run under the text grid's tokens
            double speechW = Math.max(body - textW, Math.min(body - minGrid(style), speechLabelWidth(style)));
            textW = body - speechW;
            grids.add(new Rectangle2D.Double(l, top, speechW, plotH));
            grids.add(new Rectangle2D.Double(l + speechW + gap(style), top, textW, plotH));
        }
        Rectangle2D last = grids.get(grids.size() - 1);
        Rectangle2D agreement = aw > 0 ? new Rectangle2D.Double(last.getMaxX() + gap(style), top, aw, plotH) : null;
        double barX = (agreement != null ? agreement.getMaxX() : last.getMaxX()) + style.fontSize() * 0.8;
        Rectangle2D bar = new Rectangle2D.Double(barX, top, Drawing.colorBarStrip(style), plotH);
        return new Layout(header, level, pad, grids, agreement, bar, layerTicks(plotH, style), barTicks(plotH, style));
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        Header header = Header.of(style, width - 2 * pad, titleParts(), captionParts(), null, true);
        double rows = Math.max(style.fontSize() * 8, data.layers().length * style.fontSize() * 1.8);
        return Math.max(minimumHeight(width, style),
                Math.ceil(pad + header.height(0) + above(style) + rows + bottom(style, pad)));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        Header header = Header.of(style, width - 2 * pad, titleParts(), captionParts(), null, true);
        return Math.ceil(pad + header.height(header.lastLevel()) + above(style) + minPlotHeight(style)
                + bottom(style, pad));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        int sides = data.sides().size();
        double aw = agreementWidth(style);
        double shortest = Text.width(style.labelFont(), SPEECH_LABELS[SPEECH_LABELS.length - 1]) + style.fontSize();
        double grids = sides == 1 ? minGrid(style) : Math.max(minGrid(style), shortest) + minGrid(style);
        return Math.ceil(left(style, pad) + grids + (sides - 1) * gap(style)
                + (aw > 0 ? aw + gap(style) : 0) + right(style, pad));
    }

    /** The grid cell under {@code (x, y)} of the figure drawn {@code width} x {@code height} in {@code style}, or null. */
    public Cell cellAt(double x, double y, double width, double height, FigureStyle style) {
        Layout lay = layout(width, height, style);
        int n = data.layers().length;
        for (int s = 0; s < lay.grids().size(); s++) {
            Rectangle2D g = lay.grids().get(s);
            if (g.contains(x, y)) {
                LensData.Side side = data.sides().get(s);
                int col = Math.min(side.positions() - 1, (int) ((x - g.getMinX()) / g.getWidth() * side.positions()));
                int row = Math.min(n - 1, (int) ((g.getMaxY() - y) / g.getHeight() * n));
                return new Cell(side.name(), col, row);
            }
        }
        return null;
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Layout lay = layout(width, height, style);
            lay.header().draw(g, lay.level(), lay.pad(), width / 2);
            int n = data.layers().length;
            for (int s = 0; s < lay.grids().size(); s++) {
                Rectangle2D plot = lay.grids().get(s);
                LensData.Side side = data.sides().get(s);
                drawGrid(g, style, plot, side);
                Scale sy = new Scale(-0.5, n - 0.5, plot.getMaxY(), plot.getMinY());
                Scale sx = new Scale(-0.5, side.positions() - 0.5, plot.getMinX(), plot.getMaxX());
                Drawing.frame(g, style, plot);
                if (s == 0) {
                    Drawing.yAxis(g, style, plot, sy, lay.layerTicks(), false);
                    double labelX = plot.getMinX() - Drawing.yTicksWidth(style, lay.layerTicks())
                            - style.fontSize() * 0.3 - Drawing.axisLabelThickness(style, 1) / 2;
                    Drawing.verticalLabel(g, style, List.of(Y_LABEL), labelX, plot.getCenterY());
                }
                if (side.name().equals("text")) {
                    tokenAxis(g, style, plot, sx, side);
                } else {
                    Drawing.xAxis(g, style, plot, sx, positionTicks(side, plot.getWidth(), style),
                            speechAxisLabel(plot.getWidth(), style));
                }
            }
            if (lay.agreement() != null) {
                drawAgreement(g, style, lay.agreement(), lay.layerTicks());
            }
            Drawing.colorBar(g, style, lay.bar(), style.colorMap(), false, 0, 1, lay.barTicks(), List.of(BAR_LABEL),
                    false, false);
        } finally {
            g.dispose();
        }
    }

    /** Ticks at some speech positions, labelled with their start times. */
    private static Ticks positionTicks(LensData.Side side, double width, FigureStyle style) {
        double labelWidth = Text.maxWidth(style.tickFont(), side.labels()) + style.fontSize();
        int max = Math.max(2, (int) Math.floor(width / labelWidth));
        int n = side.positions();
        Ticks index = Ticks.integers(0, n - 1, Math.min(2, n), max);
        String[] labels = new String[index.values().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = side.labels().get((int) index.values()[i]);
        }
        return new Ticks(index.values(), labels);
    }

    /** The text tokens under the text grid, rotated, every m-th where the columns are too narrow for each. */
    private static void tokenAxis(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, LensData.Side side) {
        Font tf = style.tickFont();
        double column = plot.getWidth() / side.positions();
        int step = Math.max(1, (int) Math.ceil(Text.height(tf) * 1.05 / column));
        double y = plot.getMaxY();
        double tl = style.tickLength();
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        double longest = 0;
        for (int i = 0; i < side.positions(); i += step) {
            String label = Text.printable(side.labels().get(i));
            double w = Text.width(tf, label);
            longest = Math.max(longest, w);
            double x = sx.map(i);
            g.setColor(style.theme().axis());
            Drawing.line(g, x, y, x, y + tl);
            g.setColor(style.theme().foreground());
            Text.drawVertical(g, tf, label, x, y + tl + style.fontSize() * 0.25 + w / 2);
        }
        Font lf = style.labelFont();
        Text.draw(g, lf, "text token", plot.getCenterX(), y + tl + style.fontSize() * 0.45 + longest + Text.ascent(lf),
                Text.Align.CENTER);
    }

    /** Cells coloured by top-1 probability, labelled with the top-1 token where it fits whole. */
    private static void drawGrid(Graphics2D g, FigureStyle style, Rectangle2D plot, LensData.Side side) {
        int n = side.tokens().length;
        int m = side.positions();
        double cw = plot.getWidth() / m;
        double ch = plot.getHeight() / n;
        Font font = style.tickFont();
        boolean across = ch >= Text.height(font) * 1.05;
        boolean up = cw >= Text.height(font) * 1.05;
        for (int l = 0; l < n; l++) {
            double y = plot.getMaxY() - (l + 1) * ch;
            for (int i = 0; i < m; i++) {
                double x = plot.getMinX() + i * cw;
                Color fill = style.colorMap().color(Math.max(0, Math.min(1, side.top1Probability(l, i))));
                g.setColor(fill);
                // a hair wider than the cell, so that no seam of the background shows between cells
                g.fill(new Rectangle2D.Double(x, y, cw + 0.05, ch + 0.05));
                String token = Text.printable(side.top1(l, i));
                double w = Text.width(font, token);
                double room = style.fontSize() * 0.15;
                if (across && w <= cw - room) {
                    g.setColor(readableOn(fill));
                    Text.drawMiddle(g, font, token, x + cw / 2, y + ch / 2, Text.Align.CENTER);
                } else if (up && w <= ch - room) {
                    // a tall narrow cell (many positions, few layers) reads its token bottom to top
                    g.setColor(readableOn(fill));
                    Text.drawVertical(g, font, token, x + cw / 2, y + ch / 2);
                }
            }
        }
    }

    /** Black or white, whichever reads on {@code fill}. */
    private static Color readableOn(Color fill) {
        double luminance = 0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
        return luminance > 140 ? Color.BLACK : Color.WHITE;
    }

    /** Lens agreement against layer, on the grids' rows: agreement across (0..1), layer up. */
    private void drawAgreement(Graphics2D g, FigureStyle style, Rectangle2D plot, Ticks layerTicks) {
        int n = data.layers().length;
        Scale sx = new Scale(0, 1, plot.getMinX(), plot.getMaxX());
        Scale sy = new Scale(-0.5, n - 0.5, plot.getMaxY(), plot.getMinY());
        Ticks xt = agreementTicks();
        Drawing.xGrid(g, style, plot, sx, xt);
        double[] a = data.agreement();
        Color color = style.theme().series(0);
        Path2D.Double curve = new Path2D.Double();
        for (int l = 0; l < n; l++) {
            double x = sx.map(a[l]);
            double y = sy.map(l);
            if (l == 0) {
                curve.moveTo(x, y);
            } else {
                curve.lineTo(x, y);
            }
        }
        g.setColor(color);
        g.setStroke(style.solid(style.lineWidth()));
        g.draw(curve);
        double size = style.fontSize() * 0.45;
        for (int l = 0; l < n; l++) {
            g.fill(Drawing.marker(0, sx.map(a[l]), sy.map(l), size));
        }
        Drawing.frame(g, style, plot);
        Drawing.xAxis(g, style, plot, sx, xt, "lens agreement");
    }
}
