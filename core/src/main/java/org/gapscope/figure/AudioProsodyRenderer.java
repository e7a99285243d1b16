package org.gapscope.figure;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the audio figure with pitch and level: the waveform, under it the F0 strip (Hz) and the level
 * strip (dB) as asked, then the log-mel spectrogram, all on one time axis in seconds. Laid out as
 * {@link AudioStripRenderer} lays out its strips: each named on its left with the same words, value
 * ticks beside it (at least four on the F0, level and mel band axes), a title block that paper style
 * leaves out.
 */
public final class AudioProsodyRenderer implements FigureRenderer {

    private static final String X_LABEL = "time (s)";

    private final AudioProsodyData data;

    /** A renderer for {@code data}. */
    public AudioProsodyRenderer(AudioProsodyData data) {
        if (data == null) {
            throw new IllegalArgumentException("audio figure renderer: data is required");
        }
        this.data = data;
    }

    @Override
    public AudioProsodyData data() {
        return data;
    }

    @Override
    public String description() {
        AudioStripData a = data.audio();
        ProsodyStripData p = data.prosody();
        List<String> shown = new ArrayList<>(List.of("waveform"));
        if (p.pitch()) {
            shown.add("F0");
        }
        if (p.level()) {
            shown.add("level");
        }
        if (a.hasSpectrogram()) {
            shown.add("log-mel spectrogram (" + a.bands() + " bands)");
        }
        return "Audio: " + (a.title().isBlank() ? "" : a.title() + ": ") + String.join(", ", shown) + " ("
                + p.settings() + "), " + Ticks.format(a.duration(), 2) + " s";
    }

    /** One strip: what it shows, where, its value ticks (null for none). */
    private record Strip(Kind kind, Rectangle2D rect, Ticks ticks) {
    }

    private enum Kind { WAVE, PITCH, LEVEL, MEL }

    private record Geometry(Header header, int headerLevel, double pad, List<Strip> strips, Ticks timeTicks,
            double t1) {
    }

    private List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.WAVE));
        if (data.prosody().pitch()) {
            kinds.add(Kind.PITCH);
        }
        if (data.prosody().level()) {
            kinds.add(Kind.LEVEL);
        }
        if (data.audio().hasSpectrogram()) {
            kinds.add(Kind.MEL);
        }
        return kinds;
    }

    private static double weight(Kind kind) {
        return switch (kind) {
            case WAVE -> 0.8;
            case PITCH -> 1.0;
            case LEVEL -> 0.8;
            case MEL -> 1.4;
        };
    }

    /** The least height of a strip: the waveform a line and a half, the others room for four value ticks. */
    private double minHeight(Kind kind, FigureStyle style) {
        double ticks = switch (kind) {
            case WAVE -> 0;
            case PITCH -> Drawing.yTicksNeed(style, data.prosody().pitchRange()[0], data.prosody().pitchRange()[1]);
            case LEVEL -> Drawing.yTicksNeed(style, data.prosody().levelRange()[0], data.prosody().levelRange()[1]);
            case MEL -> Drawing.yTicksNeed(style);
        };
        return kind == Kind.WAVE ? AudioStripPainter.Strip.WAVEFORM.minHeight(style)
                : Math.max(style.fontSize() * 2.8, ticks);
    }

    private Ticks ticks(Kind kind, FigureStyle style, double height) {
        return switch (kind) {
            case WAVE -> null;
            case PITCH -> ProsodyStripPainter.pitchTicks(style, data.prosody(), height, Ticks.MIN_COUNT);
            case LEVEL -> ProsodyStripPainter.levelTicks(style, data.prosody(), height, Ticks.MIN_COUNT);
            case MEL -> Ticks.integers(0, data.audio().bands() - 1, Ticks.MIN_COUNT, Drawing.yTickRoom(style, height));
        };
    }

    private static String label(Kind kind) {
        return switch (kind) {
            case WAVE -> AudioStripPainter.Strip.WAVEFORM.label();
            case PITCH -> ProsodyStripPainter.PITCH_LABEL;
            case LEVEL -> ProsodyStripPainter.LEVEL_LABEL;
            case MEL -> AudioStripPainter.Strip.SPECTROGRAM.label();
        };
    }

    private Header header(FigureStyle style, double contentW) {
        List<String> title = data.title().isBlank() ? List.of() : List.of(data.title());
        return Header.of(style, contentW, title, List.of(), null, true);
    }

    private double labelColumn(FigureStyle style) {
        double w = 0;
        for (Kind k : kinds()) {
            w = Math.max(w, Text.width(style.tickFont(), label(k)));
        }
        return w;
    }

    private double stripsMin(FigureStyle style) {
        double h = style.fontSize() * 0.4 * (kinds().size() - 1);
        for (Kind k : kinds()) {
            h += minHeight(k, style);
        }
        return h;
    }

    /** Everything but the strips: pads, the header at {@code level}, the time axis. */
    private double outside(double width, FigureStyle style, int level) {
        double fs = style.fontSize();
        return 1.2 * fs + header(style, Math.max(fs, width - 1.2 * fs)).height(level) + Drawing.xAxisHeight(style, true);
    }

    private double end() {
        return Math.max(AudioStripPainter.end(data.audio()), data.prosody().duration());
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        Header header = header(style, Math.max(fs, width - 2 * pad));
        int level = header.fit(height - outside(width, style, header.lastLevel()) - stripsMin(style));
        double top = pad + header.height(level);
        double bottom = height - pad - Drawing.xAxisHeight(style, true);
        double gap = fs * 0.4;
        List<Kind> kinds = kinds();
        double body = Math.max(fs, bottom - top - gap * (kinds.size() - 1));
        double weights = kinds.stream().mapToDouble(AudioProsodyRenderer::weight).sum();
        double least = stripsMin(style) - gap * (kinds.size() - 1);
        double spare = Math.max(0, body - least);
        double[] heights = new double[kinds.size()];
        List<Ticks> ticks = new ArrayList<>();
        double tickWidth = style.tickLength() + fs * 0.3;
        for (int i = 0; i < kinds.size(); i++) {
            double min = minHeight(kinds.get(i), style);
            heights[i] = body >= least ? min + spare * weight(kinds.get(i)) / weights : body * min / least;
            Ticks t = ticks(kinds.get(i), style, heights[i]);
            ticks.add(t);
            if (t != null) {
                tickWidth = Math.max(tickWidth, Drawing.yTicksWidth(style, t));
            }
        }
        double plotLeft = pad + labelColumn(style) + fs * 0.4 + tickWidth;
        double w = Math.max(fs, width - pad - fs * 0.8 - plotLeft);
        List<Strip> strips = new ArrayList<>();
        double y = top;
        for (int i = 0; i < kinds.size(); i++) {
            strips.add(new Strip(kinds.get(i), new Rectangle2D.Double(plotLeft, y, w, heights[i]), ticks.get(i)));
            y += heights[i] + gap;
        }
        double t1 = end();
        Ticks timeTicks = Ticks.seconds(0, t1, Ticks.MIN_COUNT, AudioStripRenderer.timeTickRoom(style, w, t1));
        return new Geometry(header, level, pad, strips, timeTicks, t1);
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        double wanted = 0;
        for (Kind k : kinds()) {
            wanted += Math.max(fs * 4.5 * weight(k), minHeight(k, style) + fs) + fs * 0.4;
        }
        return Math.max(minimumHeight(width, style),
                Math.ceil(outside(width, style, 0) + Math.max(wanted, Math.min(width * 0.6, wanted * 1.4))));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        return Math.ceil(outside(width, style, header(style, width).lastLevel()) + stripsMin(style));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double fs = style.fontSize();
        Font tf = style.tickFont();
        double ticks = 0;
        for (Kind k : kinds()) {
            Ticks t = ticks(k, style, 1e6);
            ticks = Math.max(ticks, t == null ? 0 : Drawing.yTicksWidth(style, t));
        }
        double plot = Math.max(Text.width(style.labelFont(), X_LABEL),
                Ticks.MIN_COUNT * (Text.width(tf, Ticks.format(end(), 1)) + fs * 1.2));
        return Math.ceil(1.2 * fs + labelColumn(style) + fs * 0.4 + ticks + plot + fs * 0.8);
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            geo.header().draw(g, geo.headerLevel(), geo.pad(), width / 2);
            List<Strip> strips = geo.strips();
            Strip lowest = strips.get(strips.size() - 1);
            Scale sx = new Scale(0, geo.t1(), lowest.rect().getMinX(), lowest.rect().getMaxX());
            double labelRight = geo.pad() + labelColumn(style);
            for (Strip s : strips) {
                Rectangle2D r = s.rect();
                switch (s.kind()) {
                    case WAVE -> AudioStripPainter.waveform(g, style, r, sx, data.audio());
                    case PITCH -> ProsodyStripPainter.pitch(g, style, r, sx, data.prosody(), s.ticks());
                    case LEVEL -> ProsodyStripPainter.level(g, style, r, sx, data.prosody(), s.ticks());
                    case MEL -> AudioStripPainter.spectrogram(g, style, r, sx, data.audio(), geo.t1());
                    default -> throw new IllegalStateException("no painter for " + s.kind());
                }
                Drawing.frame(g, style, r);
                if (s.ticks() != null) {
                    Scale sy = switch (s.kind()) {
                        case PITCH -> ProsodyStripPainter.pitchScale(r, data.prosody());
                        case LEVEL -> ProsodyStripPainter.levelScale(r, data.prosody());
                        default -> new Scale(-0.5, data.audio().bands() - 0.5, r.getMaxY(), r.getMinY());
                    };
                    Drawing.yAxis(g, style, r, sy, s.ticks(), false);
                }
                g.setColor(style.theme().foreground());
                Text.drawMiddle(g, style.tickFont(), label(s.kind()), labelRight, r.getCenterY(), Text.Align.RIGHT);
                if (s != lowest) {
                    AudioStripRenderer.innerTicks(g, style, r, sx, geo.timeTicks());
                }
            }
            Drawing.xAxis(g, style, lowest.rect(), sx, geo.timeTicks(), X_LABEL);
        } finally {
            g.dispose();
        }
    }
}
