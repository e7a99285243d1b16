package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17's "done when": every renderer at every preset in paper style draws every token label
 * and every tick label (at least four per axis, none dropped between), cuts no text, keeps all text
 * on the page, and the same holds when the SVG is read in a Helvetica-metric font.
 */
class PaperLayoutTest {

    /** Liberation Sans has Arial's (so Helvetica's) metrics; .ci/run installs it with fonts-liberation2. */
    static final Path HELVETICA_METRIC = Paths.get("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf");

    private static final Pattern NUMBER = Pattern.compile("\u2212?\\d+(\\.\\d+)?");
    private static final Pattern FITS = Pattern.compile("smallest size that fits is ([0-9.]+x[0-9.]+in)$");

    /** How many tick axes each figure shows (x, y and colour-bar axes with numeric labels). */
    static final Map<String, Integer> TICK_AXES = Map.ofEntries(Map.entry("heatmap", 2), Map.entry("heatmap-1500", 2),
            Map.entry("heatmap-200-tokens", 2), Map.entry("heatmap-audio", 2), Map.entry("heatmap-spans", 2),
            Map.entry("curves", 4),
            Map.entry("curves-32", 4), Map.entry("scatter", 2), Map.entry("intervention", 1),
            Map.entry("intervention-no-table", 1), Map.entry("audio", 2), Map.entry("audio-pitch-level", 4),
            Map.entry("audio-pitch", 3), Map.entry("audio-level", 3), Map.entry("heatmap-audio-pitch-level", 2),
            Map.entry("heatmap-pitch", 2), Map.entry("cka-33", 3), Map.entry("cka-5-difference", 3));

    /**
     * The pitch and level strips above a heatmap are one line tall when the body is cramped and carry
     * one to four value ticks as they fit (issue 21's design); there only the time axis and the colour
     * bar are held to four ticks.
     */
    static boolean compactStrips(String name) {
        return name.startsWith("heatmap") && name.contains("pitch");
    }

    /** Tick axes at {@code size}: narrow layer curves stack their panels and share one labelled x axis. */
    static int tickAxes(String name, FigureSize size) {
        return name.startsWith("curves") && size == FigureSize.IEEE_COLUMN ? 3 : TICK_AXES.get(name);
    }

    /** Every renderer: the layout test's figures and the pitch and level figures of issue 21. */
    static Map<String, FigureRenderer> figures() {
        Map<String, FigureRenderer> all = new LinkedHashMap<>(FigureLayoutTest.figures());
        all.putAll(ProsodyFigureTest.figures());
        return all;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, FigureRenderer> e : figures().entrySet()) {
            for (FigureSize size : new FigureSize[] {FigureSize.IEEE_COLUMN, FigureSize.IEEE_DOUBLE, FigureSize.SLIDE,
                FigureSize.parse("5x3in")}) {
                cases.add(Arguments.of(e.getKey(), size, e.getValue()));
            }
        }
        return cases.stream();
    }

    /**
     * The SVG at {@code size} in paper style, or, when the size is refused, at the size the refusal
     * names; null when no figure up to 40 in fits (which the refusal must say).
     */
    static SvgText paperSvg(FigureRenderer renderer, FigureSize size, Path dir) throws Exception {
        Path out = dir.resolve("figure.svg");
        try {
            FigureExporter.export(renderer, size, ExportSettings.defaults().withPaperStyle(true), out);
        } catch (GapScopeException refused) {
            if (refused.getMessage().endsWith("no figure up to 40 x 40 in fits it (show fewer tokens)")) {
                return null;
            }
            Matcher m = FITS.matcher(refused.getMessage());
            assertTrue(m.find(), "a refusal names the size that fits: " + refused.getMessage());
            FigureSize fits = FigureSize.parse(m.group(1));
            assertTrue(fits.widthIn() >= size.widthIn() && fits.heightIn() > 0, refused.getMessage());
            FigureExporter.export(renderer, fits, ExportSettings.defaults().withPaperStyle(true), out);
        }
        return new SvgText(Files.readString(out));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void paperStyleDrawsEveryTokenAndTickLabelWholeAndOnThePage(String name, FigureSize size, FigureRenderer renderer)
            throws Exception {
        Path dir = Files.createTempDirectory("paper-layout");
        try {
            SvgText text = paperSvg(renderer, size, dir);
            if (text == null) {
                // 200 tokens at 14 pt need 46 in: the refusal said so (checked in paperSvg), nothing to draw
                assertEquals("heatmap-200-tokens slide", name + " " + size.name(), "only this case is too large");
                return;
            }
            List<String> strings = text.strings();
            for (String token : tokens(renderer)) {
                long expected = tokens(renderer).stream().filter(token::equals).count();
                assertEquals(expected, strings.stream().filter(token::equals).count(),
                        name + ": token label '" + token + "' drawn once per token");
            }
            assertTrue(strings.stream().noneMatch(s -> s.contains("\u2026") || s.contains("every")),
                    name + ": no label cut or thinned: " + strings);
            List<List<SvgText.Item>> axes = tickAxes(text);
            if (compactStrips(name)) {
                long full = axes.stream().filter(a -> a.size() >= Ticks.MIN_COUNT).count();
                assertTrue(full >= tickAxes(name, size), name + ": time axis and colour bar with four ticks "
                        + describe(axes));
            } else {
                assertEquals(tickAxes(name, size), axes.size(), name + ": tick axes " + describe(axes));
                for (List<SvgText.Item> axis : axes) {
                    assertTrue(axis.size() >= Ticks.MIN_COUNT, name + ": at least four ticks on "
                            + describe(List.of(axis)));
                }
            }
            List<String> problems = text.problems(FigureSize.MIN_FONT_PT);
            assertTrue(problems.isEmpty(), name + " at " + size.name() + ":\n  " + String.join("\n  ", problems));
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void anchoredTextStaysOnThePageAndApartInAHelveticaMetricFont() throws Exception {
        if (!Files.isRegularFile(HELVETICA_METRIC)) {
            fail("Liberation Sans is missing (" + HELVETICA_METRIC + "): install the Debian package fonts-liberation2"
                    + " (.ci/run does); this check reads every figure's SVG in a Helvetica-metric font");
        }
        Font liberation = Font.createFont(Font.TRUETYPE_FONT, HELVETICA_METRIC.toFile());
        Path dir = Files.createTempDirectory("paper-font");
        try {
            for (Map.Entry<String, FigureRenderer> e : figures().entrySet()) {
                for (FigureSize size : new FigureSize[] {FigureSize.IEEE_COLUMN, FigureSize.IEEE_DOUBLE}) {
                    String svg = paperSvg(e.getValue(), size, dir).svg;  // column and double always fit
                    SvgText other = new SvgText(svg, liberation);
                    List<String> problems = other.problems(FigureSize.MIN_FONT_PT);
                    assertTrue(problems.isEmpty(), e.getKey() + " at " + size.name() + " in Liberation Sans:\n  "
                            + String.join("\n  ", problems));
                }
            }
        } finally {
            Files.deleteIfExists(dir.resolve("figure.svg"));
            Files.delete(dir);
        }
    }

    private static List<String> tokens(FigureRenderer r) {
        if (r.data() instanceof HeatmapData h) {
            return h.tokens().stream().map(Text::printable).toList();
        }
        if (r.data() instanceof InterventionData i) {
            return i.tokens().stream().map(Text::printable).toList();
        }
        return List.of();
    }

    /**
     * Groups of numeric labels that share an anchor and a line (same baseline for an x axis, same
     * anchor x for a y axis or colour bar), hold at least three labels, and are evenly spaced in value
     * and position: tick axes. A dropped label in the middle breaks the even spacing, so such an axis
     * is not counted; a table column (uneven values) is not counted either.
     */
    static List<List<SvgText.Item>> tickAxes(SvgText text) {
        Map<String, List<SvgText.Item>> groups = new LinkedHashMap<>();
        Map<String, Boolean> horizontal = new HashMap<>();
        for (SvgText.Item it : text.items) {
            if (!NUMBER.matcher(it.text()).matches()) {
                continue;
            }
            boolean xAxis = it.anchor().equals("middle");
            double anchorX = switch (it.anchor()) {
                case "end" -> it.box().getMaxX();
                case "middle" -> it.box().getCenterX();
                default -> it.box().getMinX();
            };
            String key = it.anchor() + "@" + Math.round(xAxis ? it.box().getMaxY() : anchorX);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(it);
            horizontal.put(key, xAxis);
        }
        List<List<SvgText.Item>> axes = new ArrayList<>();
        for (Map.Entry<String, List<SvgText.Item>> g : groups.entrySet()) {
            for (List<SvgText.Item> items : runs(g.getValue(), horizontal.get(g.getKey()))) {
                if (items.size() >= 3 && evenlySpaced(items, horizontal.get(g.getKey()))) {
                    axes.add(items);
                }
            }
        }
        return axes;
    }

    /**
     * Splits labels on one line into axes: along an x axis values grow to the right, up a y axis they
     * grow upwards, in even steps of value and position; where a label breaks the run's step a new
     * axis starts with it (two panels side by side, stacked strips sharing one tick column).
     */
    private static List<List<SvgText.Item>> runs(List<SvgText.Item> items, boolean horizontal) {
        List<SvgText.Item> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> horizontal ? Double.compare(a.box().getCenterX(), b.box().getCenterX())
                : Double.compare(b.box().getCenterY(), a.box().getCenterY()));
        List<List<SvgText.Item>> runs = new ArrayList<>();
        List<SvgText.Item> run = new ArrayList<>();
        for (SvgText.Item it : sorted) {
            if (!run.isEmpty() && !continues(run, it, horizontal)) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(it);
        }
        runs.add(run);
        return runs;
    }

    /** Whether {@code next} continues {@code run}: a larger value, and (from the third label) the run's steps. */
    private static boolean continues(List<SvgText.Item> run, SvgText.Item next, boolean horizontal) {
        SvgText.Item last = run.get(run.size() - 1);
        double dv = value(next) - value(last);
        if (dv <= 0) {
            return false;
        }
        if (run.size() < 2) {
            return true;
        }
        SvgText.Item before = run.get(run.size() - 2);
        double stepV = value(last) - value(before);
        double stepP = position(last, horizontal) - position(before, horizontal);
        double dp = position(next, horizontal) - position(last, horizontal);
        return Math.abs(dv - stepV) <= 1e-9 * Math.max(1, Math.abs(stepV)) && Math.abs(dp - stepP) <= 0.6;
    }

    private static double value(SvgText.Item it) {
        return Double.parseDouble(it.text().replace('\u2212', '-'));
    }

    private static double position(SvgText.Item it, boolean horizontal) {
        return horizontal ? it.box().getCenterX() : it.box().getCenterY();
    }

    private static boolean evenlySpaced(List<SvgText.Item> items, boolean horizontal) {
        List<double[]> vp = new ArrayList<>();
        for (SvgText.Item it : items) {
            double v = Double.parseDouble(it.text().replace('\u2212', '-'));
            vp.add(new double[] {v, horizontal ? it.box().getCenterX() : it.box().getCenterY()});
        }
        vp.sort((a, b) -> Double.compare(a[0], b[0]));
        double dv = vp.get(1)[0] - vp.get(0)[0];
        double dp = vp.get(1)[1] - vp.get(0)[1];
        for (int k = 2; k < vp.size(); k++) {
            double v = vp.get(k)[0] - vp.get(k - 1)[0];
            double p = vp.get(k)[1] - vp.get(k - 1)[1];
            if (Math.abs(v - dv) > 1e-9 * Math.max(1, Math.abs(dv)) || Math.abs(p - dp) > 0.6) {
                return false;
            }
        }
        return dv > 0 && Math.abs(dp) > 0.5;
    }

    private static String describe(List<List<SvgText.Item>> axes) {
        List<String> out = new ArrayList<>();
        for (List<SvgText.Item> axis : axes) {
            out.add(axis.stream().map(SvgText.Item::text).toList().toString());
        }
        return String.format(Locale.ROOT, "%s", out);
    }
}
