package org.gapscope.figure;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the audio figure with pitch and level: the waveform, under it the F0 strip (Hz) and the level
 * strip (dB) as asked, then the log-mel spectrogram, all on one time axis in seconds. The waveform and
 * spectrogram are painted as in {@link AudioStripRenderer}.
 */
public final class AudioProsodyRenderer implements FigureRenderer {

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

    /** One strip: what it shows, where, its value ticks (null for none) and its label. */
    private record Strip(Kind kind, Rectangle2D rect, Ticks ticks, String label) {
    }

    private enum Kind { WAVE, PITCH, LEVEL, MEL }

    private record Geometry(double pad, List<String> titleLines, List<Strip> strips, Ticks timeTicks, double t0,
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

    /** The height at which a strip's rotated name still fits (at least 1.5 lines). */
    private static double minHeight(Kind kind, FigureStyle style) {
        return Math.max(style.fontSize() * 1.5, Text.width(style.labelFont(), label(kind)) + style.fontSize() * 0.4);
    }

    private Ticks ticks(Kind kind, FigureStyle style, double height) {
        return switch (kind) {
            case WAVE -> null;
            case PITCH -> ProsodyStripPainter.pitchTicks(style, data.prosody(), height);
            case LEVEL -> ProsodyStripPainter.levelTicks(style, data.prosody(), height);
            case MEL -> Ticks.integers(0, data.audio().bands() - 1,
                    (int) Math.max(2, height * 0.6 / (Text.height(style.tickFont()) * 1.6)));
        };
    }

    private static String label(Kind kind) {
        return switch (kind) {
            case WAVE -> "wave";
            case PITCH -> ProsodyStripPainter.PITCH_LABEL;
            case LEVEL -> ProsodyStripPainter.LEVEL_LABEL;
            case MEL -> "mel band";
        };
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        List<String> titleLines = Drawing.wrapTitle(style, data.title(), Math.max(fs, width - 2 * pad));
        double top = pad + Drawing.linesHeight(style, titleLines, style.titleFont())
                + (titleLines.isEmpty() ? 0 : fs * 0.3);
        double bottom = height - pad - Drawing.xAxisHeight(style, true);
        double gap = fs * 0.4;
        List<Kind> kinds = kinds();
        double body = Math.max(fs * kinds.size(), bottom - top - gap * (kinds.size() - 1));
        double weights = kinds.stream().mapToDouble(AudioProsodyRenderer::weight).sum();
        double[] heights = new double[kinds.size()];
        double least = 0;
        for (Kind kind : kinds) {
            least += minHeight(kind, style);
        }
        double spare = Math.max(0, body - least);
        double tickWidth = 0;
        List<Ticks> ticks = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            double min = minHeight(kinds.get(i), style);
            heights[i] = body >= least ? min + spare * weight(kinds.get(i)) / weights : body * min / least;
            Ticks t = ticks(kinds.get(i), style, heights[i]);
            ticks.add(t);
            if (t != null) {
                tickWidth = Math.max(tickWidth, Drawing.yTicksWidth(style, t));
            }
        }
        double plotLeft = pad + Text.height(style.labelFont()) + fs * 0.35 + tickWidth;
        double plotRight = width - pad - fs * 0.8;
        double w = Math.max(fs, plotRight - plotLeft);
        List<Strip> strips = new ArrayList<>();
        double y = top;
        for (int i = 0; i < kinds.size(); i++) {
            strips.add(new Strip(kinds.get(i), new Rectangle2D.Double(plotLeft, y, w, heights[i]), ticks.get(i),
                    label(kinds.get(i))));
            y += heights[i] + gap;
        }
        double t1 = Math.max(data.audio().duration(), data.audio().spectrogramEnd());
        double sample = Math.max(Text.width(style.tickFont(), Ticks.format(t1, 1)),
                Text.width(style.tickFont(), "0.00")) + fs * 1.6;
        Ticks timeTicks = Ticks.nice(0, t1, (int) Math.max(2, Math.min(10, w / sample)));
        return new Geometry(pad, titleLines, strips, timeTicks, 0, t1);
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        Geometry probe = geometry(width, width, style);
        List<Strip> strips = probe.strips();
        double body = strips.get(strips.size() - 1).rect().getMaxY() - strips.get(0).rect().getY();
        double fixed = width - body;
        double wanted = 0;
        for (Strip s : strips) {
            wanted += Math.max(fs * 4.5 * weight(s.kind()), minHeight(s.kind(), style) + fs) + fs * 0.4;
        }
        return Math.ceil(fixed + Math.max(wanted, Math.min(width * 0.6, wanted * 1.4)));
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            Drawing.title(g, style, geo.titleLines(), geo.pad(), width);
            Strip lowest = geo.strips().get(geo.strips().size() - 1);
            Scale sx = new Scale(geo.t0(), geo.t1(), lowest.rect().getMinX(), lowest.rect().getMaxX());
            double labelX = geo.pad() + Text.height(style.labelFont()) / 2;
            for (Strip s : geo.strips()) {
                Rectangle2D r = s.rect();
                switch (s.kind()) {
                    case WAVE -> AudioStripPainter.waveform(g, style, r, sx, data.audio());
                    case PITCH -> ProsodyStripPainter.pitch(g, style, r, sx, data.prosody(), s.ticks());
                    case LEVEL -> ProsodyStripPainter.level(g, style, r, sx, data.prosody(), s.ticks());
                    case MEL -> AudioStripPainter.spectrogram(g, style, r, sx, data.audio());
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
                Text.drawVertical(g, style.labelFont(), Text.elide(style.labelFont(), s.label(),
                        r.getHeight() + style.fontSize()), labelX, r.getCenterY());
            }
            Drawing.xAxis(g, style, lowest.rect(), sx, geo.timeTicks(), "time (s)");
        } finally {
            g.dispose();
        }
    }
}
