package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the cross-layer CKA matrix (Hsu et al. 2026): text layer across, speech layer up (layer 0 at
 * the bottom left, so the diagonal rises), CKA as colour on a fixed 0..1 bar (the difference panel on
 * a symmetric bar with a diverging map), undefined cells grey, and a dot on every cell of a speech
 * layer's band (at least 0.9 of the row's maximum). Title, pairing and diagonal mean above (left out in
 * paper style, kept in the file's metadata).
 */
public final class CkaRenderer implements FigureRenderer {

    private static final Color NAN_COLOR = new Color(0xBFBFBF);
    private static final String X_LABEL = "text layer";
    private static final String Y_LABEL = "speech layer";

    private final CkaData data;

    /** A renderer for {@code data}. */
    public CkaRenderer(CkaData data) {
        if (data == null) {
            throw new IllegalArgumentException("CKA renderer: data is required");
        }
        this.data = data;
    }

    @Override
    public CkaData data() {
        return data;
    }

    @Override
    public String description() {
        List<String> parts = new ArrayList<>(titleParts());
        parts.add(data.panel().label() + "; rows: speech layer, columns: text layer");
        parts.addAll(captionParts());
        if (data.panel() != CkaData.Panel.DIFFERENCE) {
            parts.add("dots: each speech layer's band (text layers with at least 0.9 of the row's maximum)");
        }
        return "Cross-layer CKA: " + String.join("; ", parts);
    }

    private List<String> titleParts() {
        return data.title().isBlank() ? List.of() : List.of(data.title());
    }

    private List<String> captionParts() {
        List<String> parts = new ArrayList<>();
        parts.add(data.source());
        if (!Double.isNaN(data.diagonalMean())) {
            parts.add("diagonal mean " + Ticks.format(data.diagonalMean(), 3) + " (layers from 1)");
        }
        parts.add("pairing: " + data.pairing());
        parts.add("n = " + data.pairs() + " paired tokens");
        if (data.hasUndefined()) {
            parts.add("grey: undefined");
        }
        return parts;
    }

    /** {lo, hi} of the colour bar: 0..1, or symmetric about 0 for the difference. */
    private double[] range() {
        if (data.panel() != CkaData.Panel.DIFFERENCE) {
            return new double[] {0, 1};
        }
        double m = 0;
        for (int a = 0; a < data.size(); a++) {
            for (int b = 0; b < data.size(); b++) {
                if (!Double.isNaN(data.at(a, b))) {
                    m = Math.max(m, Math.abs(data.at(a, b)));
                }
            }
        }
        m = m == 0 ? 1 : m;
        return new double[] {-m, m};
    }

    private ColorMap map(FigureStyle style) {
        return data.panel() == CkaData.Panel.DIFFERENCE && !style.colorMap().diverging() ? ColorMap.RED_BLUE
                : style.colorMap();
    }

    /** Where everything goes at this size. */
    private record Layout(Header header, int level, Rectangle2D plot, Rectangle2D bar, Ticks layerTicks,
            Ticks barTicks, List<String> barLabel, double pad) {
    }

    private Ticks layerTicks(double side, FigureStyle style) {
        int max = Math.max(2, (int) Math.floor(side / (style.fontSize() * 1.8)));
        Ticks index = Ticks.integers(0, data.size() - 1, Math.min(Ticks.MIN_COUNT, data.size()), max);
        int[] layers = data.layers();
        String[] labels = new String[index.values().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Integer.toString(layers[(int) index.values()[i]]);
        }
        return new Ticks(index.values(), labels);
    }

    private double left(FigureStyle style, Ticks ticks, double pad) {
        return pad + Drawing.axisLabelThickness(style, 1) + style.fontSize() * 0.3 + Drawing.yTicksWidth(style, ticks);
    }

    private double right(FigureStyle style, Ticks barTicks, int labelLines, double pad) {
        return pad + style.fontSize() * 0.8 + Drawing.colorBarWidth(style, barTicks, labelLines);
    }

    private double bottom(FigureStyle style, double pad) {
        return pad + Drawing.xAxisHeight(style, true);
    }

    private Ticks barTicks() {
        double[] r = range();
        return Ticks.nice(r[0], r[1], Ticks.MIN_COUNT, 6);
    }

    private Layout layout(double width, double height, FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        Header header = Header.of(style, width - 2 * pad, titleParts(), captionParts(), null, true);
        Ticks bt = barTicks();
        Ticks guess = layerTicks(Math.max(width, height), style);
        List<String> barLabel = Drawing.axisLabel(style, data.panel().label(), Math.max(style.fontSize(), height * 0.6));
        double l = left(style, guess, pad);
        double r = right(style, bt, barLabel.size(), pad);
        double b = bottom(style, pad);
        int level = header.fit(Math.max(0, height - b - pad - above(style) - minSide(style)));
        double top = pad + header.height(level) + above(style);
        double side = Math.max(style.fontSize(), Math.min(width - l - r, height - top - b));
        double x = l + Math.max(0, (width - l - r - side) / 2);
        Rectangle2D plot = new Rectangle2D.Double(x, top, side, side);
        Rectangle2D bar = new Rectangle2D.Double(plot.getMaxX() + style.fontSize() * 0.8, top,
                Drawing.colorBarStrip(style), side);
        return new Layout(header, level, plot, bar, layerTicks(side, style), bt, barLabel, pad);
    }

    /** Room above the plot for the upper half of the colour bar's top tick label, centred on the plot's top. */
    private static double above(FigureStyle style) {
        return Text.height(style.tickFont()) / 2;
    }

    private double minSide(FigureStyle style) {
        return style.fontSize() * 6;
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        Header header = Header.of(style, width - 2 * pad, titleParts(), captionParts(), null, true);
        Ticks bt = barTicks();
        double side = width - left(style, layerTicks(width, style), pad) - right(style, bt, 1, pad);
        return Math.max(minimumHeight(width, style),
                Math.ceil(pad + header.height(0) + above(style) + Math.max(minSide(style), side) + bottom(style, pad)));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        Header header = Header.of(style, width - 2 * pad, titleParts(), captionParts(), null, true);
        return Math.ceil(pad + header.height(header.lastLevel()) + above(style) + minSide(style) + bottom(style, pad));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double pad = style.fontSize() * 0.5;
        return Math.ceil(left(style, layerTicks(minSide(style), style), pad) + minSide(style)
                + right(style, barTicks(), 2, pad));
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Layout lay = layout(width, height, style);
            lay.header().draw(g, lay.level(), lay.pad(), width / 2);
            Rectangle2D plot = lay.plot();
            int k = data.size();
            Scale sx = new Scale(-0.5, k - 0.5, plot.getMinX(), plot.getMaxX());
            Scale sy = new Scale(-0.5, k - 0.5, plot.getMaxY(), plot.getMinY());
            double[] range = range();
            ColorMap map = map(style);
            Drawing.image(g, image(map, range), plot);
            drawBand(g, style, plot, sx, sy);
            Drawing.frame(g, style, plot);
            Drawing.xAxis(g, style, plot, sx, lay.layerTicks(), X_LABEL);
            Drawing.yAxis(g, style, plot, sy, lay.layerTicks(), false);
            double labelX = plot.getMinX() - Drawing.yTicksWidth(style, lay.layerTicks()) - style.fontSize() * 0.3
                    - Drawing.axisLabelThickness(style, 1) / 2;
            Drawing.verticalLabel(g, style, List.of(Y_LABEL), labelX, plot.getCenterY());
            Drawing.colorBar(g, style, lay.bar(), map, false, range[0], range[1], lay.barTicks(), lay.barLabel(), false, false);
        } finally {
            g.dispose();
        }
    }

    /**
     * The cell under the point ({@code x}, {@code y}) of the figure drawn {@code width} x {@code height} with
     * {@code style}: {@code {a, b}}, the speech layer's and the text layer's index, or null off the matrix
     * (for the explorer's hover read-out around this renderer).
     */
    public int[] cellAt(double x, double y, double width, double height, FigureStyle style) {
        Rectangle2D plot = layout(width, height, style).plot();
        if (!plot.contains(x, y)) {
            return null;
        }
        int k = data.size();
        int b = (int) Math.min(k - 1, Math.floor((x - plot.getMinX()) / plot.getWidth() * k));
        int a = (int) Math.min(k - 1, Math.floor((plot.getMaxY() - y) / plot.getHeight() * k));
        return new int[] {a, b};
    }

    /** One pixel per cell; image row 0 is the top speech layer. */
    private BufferedImage image(ColorMap map, double[] range) {
        int k = data.size();
        BufferedImage img = new BufferedImage(k, k, BufferedImage.TYPE_INT_RGB);
        double span = range[1] - range[0];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double v = data.at(a, b);
                int rgb = Double.isNaN(v) ? NAN_COLOR.getRGB() & 0xFFFFFF
                        : map.rgb(Math.max(0, Math.min(1, (v - range[0]) / span)));
                img.setRGB(b, k - 1 - a, rgb);
            }
        }
        return img;
    }

    private void drawBand(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, Scale sy) {
        if (data.panel() == CkaData.Panel.DIFFERENCE) {
            return;
        }
        int k = data.size();
        double cell = plot.getWidth() / k;
        if (cell < style.fontSize() * 0.25) {
            return;
        }
        double r = Math.min(cell * 0.18, style.fontSize() * 0.22);
        Color fill = style.colorMap().pathColor();
        Color outline = style.colorMap().pathOutline();
        g.setStroke(new BasicStroke((float) Math.max(0.3, style.axisWidth() * 0.8)));
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (data.inBand(a, b)) {
                    Shape dot = new Ellipse2D.Double(sx.map(b) - r, sy.map(a) - r, 2 * r, 2 * r);
                    g.setColor(fill);
                    g.fill(dot);
                    g.setColor(outline);
                    g.draw(dot);
                }
            }
        }
    }
}
