package org.gapscope.figure;

import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where everything of a heatmap goes at one size, from sizes and text metrics only: the header, the
 * audio strips, the matrix, the token labels, the colour bar and the time axis. The matrix keeps
 * room for one line per token, its axis labels and four colour-bar ticks; when the figure is too
 * short for that the header gives up its parts first. Only a screen canvas smaller than
 * {@link HeatmapRenderer#minimumHeight} thins the token labels (and says so on the axis).
 */
record HeatmapGeometry(Header header, int headerLevel, double pad, Rectangle2D plot, List<Rectangle2D> strips,
        ProsodyStrips prosody, Rectangle2D bar, Ticks barTicks, List<String> barLabel, Ticks timeTicks, double t0, double t1,
        double tokenLabelWidth, List<String> yLabel, double yLabelX, int labelStep) {

    static final String Y_LABEL = "text token";
    static final String X_LABEL = "speech time (s)";
    static final String X_LABEL_POSITIONS = "speech position";

    /** What the layout needs to know of the figure. */
    record Content(HeatmapData data, AudioStripData audio, List<AudioStripPainter.Strip> strips,
            ProsodyStripData prosody, String[] labels, double[] range, boolean clippedLow, boolean clippedHigh, String barLabel, List<String> titleParts,
            List<String> captionParts, Legend.Entry[] legend, boolean legendOptional) {

        Header header(FigureStyle style, double contentW) {
            Legend l = new Legend(List.of(legend), style, contentW);
            return Header.of(style, contentW, titleParts, captionParts, l, legendOptional);
        }

        double stripMin(AudioStripPainter.Strip s, FigureStyle style) {
            return Math.max(s.minHeight(style), style.lineHeight());
        }

        /** The audio strips' and the pitch and level strips' least height, gaps included. */
        double stripsMin(FigureStyle style) {
            double audioMin = strips.isEmpty() ? 0
                    : AudioStripPainter.minHeight(strips, gap(style), s -> stripMin(s, style)) + gap(style);
            return audioMin + prosodyHeight(style, 0);
        }

        /** The pitch and level strips' height for a matrix {@code plotH} tall (0: cramped), the gap below included. */
        double prosodyHeight(FigureStyle style, double plotH) {
            return prosody == null ? 0 : ProsodyStrips.preferredHeight(prosody, style, plotH) + gap(style);
        }

        double gap(FigureStyle style) {
            return style.fontSize() * 0.4;
        }

        /** The time axis: the speech positions, and the clip when it runs more than one position longer. */
        double[] timeAxis() {
            double t0 = data.time(0);
            double t1 = data.endTime();
            if (audio != null || prosody != null) {
                t0 = Math.min(t0, 0);
                double lastStep = t1 - data.time(data.speechCount() - 1);
                double audioEnd = Math.max(audio == null ? 0 : AudioStripPainter.end(audio),
                        prosody == null ? 0 : prosody.duration());
                if (audioEnd - t1 > lastStep) {
                    t1 = audioEnd;
                }
            }
            return new double[] {t0, t1};
        }

        /** Triangles at the colour bar's clipped ends take this much of its length. */
        double barEnds(FigureStyle style) {
            return Drawing.colorBarStrip(style) * 0.9 * ((clippedLow ? 1 : 0) + (clippedHigh ? 1 : 0));
        }

        /** The least matrix height: a line per token, the axis labels whole, four colour-bar ticks. */
        double plotMin(FigureStyle style) {
            double rows = data.tokenCount() * style.lineHeight();
            double labels = Math.max(Drawing.axisLabelNeed(style, Y_LABEL), Drawing.axisLabelNeed(style, barLabel)
                    + barEnds(style));
            return Math.max(Math.max(rows, labels), Math.max(Drawing.yTicksNeed(style, range[0], range[1])
                    + barEnds(style),
                    style.fontSize() * 4));
        }

        /** The matrix height that reads best at this figure width: a comfortable row per token, within 0.45 to 1 times its width. */
        double plotPreferred(double width, FigureStyle style) {
            double plotW = plotWidth(this, width, style);
            double rowTarget = style.lineHeight() * 1.25;
            double plotH = Math.max(plotW * 0.45, Math.min(plotW, data.tokenCount() * rowTarget));
            return Math.max(plotH, plotMin(style));
        }

        /** The strips' height beside a matrix {@code plotH} tall (audio strips, then pitch and level). */
        double stripsPreferred(double plotH, FigureStyle style) {
            double audioMin = strips.isEmpty() ? 0
                    : AudioStripPainter.minHeight(strips, gap(style), s -> stripMin(s, style)) + gap(style);
            return (strips.isEmpty() ? 0 : Math.max(audioMin, plotH * 0.45)) + prosodyHeight(style, plotH);
        }

        /** Row labels: the tokens and the strips' names. */
        double rowLabelWidth(FigureStyle style) {
            List<String> all = new ArrayList<>(Arrays.asList(labels));
            for (AudioStripPainter.Strip s : strips) {
                all.add(s.label());
            }
            if (prosody != null) {
                all.addAll(ProsodyStrips.labels(prosody));
            }
            return Text.maxWidth(style.tickFont(), all);
        }
    }

    /** The layout of {@code c} in {@code (0, 0, width, height)}. */
    static HeatmapGeometry of(Content c, double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        Font lf = style.labelFont();
        Header header = c.header(style, contentW);
        double axisH = Drawing.xAxisHeight(style, true);
        double plotMin = c.plotMin(style);
        double stripsMin = c.stripsMin(style);
        // the header keeps its parts while the matrix keeps the height it reads best at; then it gives them up
        double plotPref = c.plotPreferred(width, style);
        int level = header.fit(height - 2 * pad - axisH - c.stripsPreferred(plotPref, style) - plotPref);
        double top = pad + header.height(level);
        double bottom = height - pad - axisH;
        double avail = Math.max(fs, bottom - top);

        // audio strips take their share of the body, pitch and level their rows (one line each when the body
        // is cramped), never the matrix's least height
        // (pitch and level are sized for the matrix's preferred height, as preferredHeight sizes them)
        double audioMin = stripsMin - c.prosodyHeight(style, 0);
        double prosodyPlot = plotPref;
        double prosodyH = c.prosodyHeight(style, prosodyPlot);
        if (avail - prosodyH - audioMin < plotMin) {
            prosodyPlot = 0;
            prosodyH = c.prosodyHeight(style, 0);
        }
        double stripsH = 0;
        if (!c.strips.isEmpty()) {
            stripsH = Math.max(audioMin, (avail - prosodyH) * 0.31);
            if (avail - prosodyH - stripsH < plotMin) {
                stripsH = Math.max(audioMin, avail - prosodyH - plotMin);
            }
        }
        double plotTop = top + stripsH + prosodyH;
        double plotH = Math.max(fs, bottom - plotTop);

        double rowH = plotH / c.data.tokenCount();
        double lineH = style.lineHeight();
        int step = rowH >= lineH * 0.95 ? 1 : (int) Math.ceil(lineH * 1.1 / rowH);
        String yText = step > 1 ? Y_LABEL + " (every " + step + ")" : Y_LABEL;
        List<String> yLabel = Drawing.axisLabel(style, yText, plotH + fs);
        double yLabelW = Drawing.axisLabelThickness(style, yLabel.size()) + fs * 0.3;
        double tokenLabelWidth = c.rowLabelWidth(style);
        if (tokenLabelWidth > contentW * 0.45) {
            tokenLabelWidth = contentW * 0.45; // a canvas narrower than minimumWidth: labels are shortened
        }
        double plotLeft = pad + yLabelW + tokenLabelWidth + style.tickLength() + fs * 0.3;

        double barLength = plotH - c.barEnds(style);
        Ticks barTicks = Ticks.nice(c.range[0], c.range[1], Ticks.MIN_COUNT, Drawing.yTickRoom(style, barLength));
        List<String> barLabel = Drawing.axisLabel(style, c.barLabel, plotH);
        double plotRight = width - pad - Drawing.colorBarWidth(style, barTicks, barLabel.size()) - fs * 0.8;
        double plotW = Math.max(fs, plotRight - plotLeft);
        Rectangle2D plot = new Rectangle2D.Double(plotLeft, plotTop, plotW, plotH);
        Rectangle2D bar = new Rectangle2D.Double(plotLeft + plotW + fs * 0.8, plotTop, Drawing.colorBarStrip(style),
                plotH);

        ProsodyStrips prosody = null;
        if (c.prosody != null) {
            prosody = ProsodyStrips.place(c.prosody, style, plotLeft, top + stripsH, prosodyPlot / 0.7)
                    .withWidth(plotW);
        }
        List<Rectangle2D> strips = new ArrayList<>();
        if (!c.strips.isEmpty()) {
            double gap = c.gap(style);
            double[] hs = AudioStripPainter.heights(c.strips, stripsH - gap * c.strips.size(),
                    s -> c.stripMin(s, style));
            double y = top;
            for (double h : hs) {
                strips.add(new Rectangle2D.Double(plotLeft, y, plotW, h));
                y += h + gap;
            }
        }
        double[] axis = c.timeAxis();
        Ticks timeTicks = c.data.timesInSeconds()
                ? Ticks.seconds(axis[0], axis[1], Ticks.MIN_COUNT, AudioStripRenderer.timeTickRoom(style, plotW, axis[1]))
                : Ticks.nice(axis[0], axis[1], Ticks.MIN_COUNT, AudioStripRenderer.timeTickRoom(style, plotW, axis[1]));
        return new HeatmapGeometry(header, level, pad, plot, strips, prosody, bar, barTicks, barLabel, timeTicks, axis[0],
                axis[1], tokenLabelWidth, yLabel, pad + Drawing.axisLabelThickness(style, yLabel.size()) / 2, step);
    }

    /** Everything above and below the matrix at header {@code level}, strips at their least height. */
    static double around(Content c, double width, FigureStyle style, int level) {
        double fs = style.fontSize();
        Header header = c.header(style, Math.max(fs, width - 1.2 * fs));
        return 1.2 * fs + header.height(level) + Drawing.xAxisHeight(style, true);
    }

    /** The width of the matrix at this figure width (the colour-bar label taken as two lines). */
    static double plotWidth(Content c, double width, FigureStyle style) {
        return width - fixedWidth(c, style);
    }

    /** Everything beside the matrix: pads, the rotated axis label, row labels, colour bar. */
    static double fixedWidth(Content c, FigureStyle style) {
        double fs = style.fontSize();
        Ticks barTicks = Ticks.nice(c.range[0], c.range[1], Ticks.MIN_COUNT, Ticks.MIN_COUNT + 4);
        return 1.2 * fs + Drawing.axisLabelThickness(style, 1) + fs * 0.3 + c.rowLabelWidth(style)
                + style.tickLength() + fs * 0.3 + fs * 0.8 + Drawing.colorBarWidth(style, barTicks, 2);
    }

    /** The least width: the matrix at least as wide as its axis label and four time ticks, the legend whole. */
    static double minimumWidth(Content c, FigureStyle style) {
        double fs = style.fontSize();
        double[] axis = c.timeAxis();
        Font tf = style.tickFont();
        String x = c.data.timesInSeconds() ? X_LABEL : X_LABEL_POSITIONS;
        double plot = Math.max(Text.width(style.labelFont(), x),
                Ticks.MIN_COUNT * (Text.width(tf, Ticks.format(axis[1], 1)) + fs * 1.2));
        double w = fixedWidth(c, style) + plot;
        Legend legend = new Legend(List.of(c.legend), style, 1e9);
        if (!legend.isEmpty() && !(c.legendOptional && style.paper())) {
            w = Math.max(w, legend.widestEntry() + 1.2 * fs);
        }
        return Math.ceil(w);
    }
}
