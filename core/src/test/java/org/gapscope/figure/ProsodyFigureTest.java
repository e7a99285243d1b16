package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pitch and level strips: in the audio figure and above the heatmap, their layout and their data. */
class ProsodyFigureTest {

    static Map<String, FigureRenderer> figures() {
        Map<String, FigureRenderer> figures = new LinkedHashMap<>();
        AudioStripData audio = FigureSamples.audio(3.0, 9);
        figures.put("audio-pitch-level", new AudioProsodyRenderer(new AudioProsodyData(audio,
                ProsodySamples.prosody(3.0, true, true))));
        figures.put("audio-pitch", new AudioProsodyRenderer(new AudioProsodyData(audio,
                ProsodySamples.prosody(3.0, true, false))));
        figures.put("audio-level", new AudioProsodyRenderer(new AudioProsodyData(audio,
                ProsodySamples.prosody(3.0, false, true))));
        figures.put("heatmap-audio-pitch-level", new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE,
                false, 9), audio, ProsodySamples.prosody(3.0, true, true)));
        figures.put("heatmap-pitch", new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 9),
                null, ProsodySamples.prosody(3.0, true, false)));
        return figures;
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

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void textIsOnThePageLargeEnoughAndNeverOverlaps(String name, FigureSize size, FigureRenderer renderer)
            throws Exception {
        FigureStyle style = size.style(ColorMap.VIRIDIS);
        String svg = FigureExporter.renderSvg(renderer, size.widthPt(), size.heightPt(renderer, style), style);
        SvgText text = new SvgText(svg);
        List<String> problems = text.problems(FigureSize.MIN_FONT_PT);
        assertTrue(problems.isEmpty(), name + " at " + size.name() + ":\n  " + String.join("\n  ", problems));
        List<String> labels = text.items.stream().map(i -> i.text()).toList();
        ProsodyStripData p = name.startsWith("audio") ? ((AudioProsodyData) renderer.data()).prosody()
                : ProsodySamples.prosody(3.0, name.contains("pitch"), name.contains("level"));
        assertEquals(p.pitch(), labels.contains("F0 (Hz)"), name + ": " + labels);
        assertEquals(p.level(), labels.contains("level (dB)"), name + ": " + labels);
    }

    static Stream<Arguments> screenCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, FigureRenderer> e : figures().entrySet()) {
            for (int[] px : new int[][] {{400, 260}, {640, 420}, {1280, 800}}) {
                cases.add(Arguments.of(e.getKey(), px[0] + "x" + px[1], px[0], px[1], e.getValue()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on a {1} px canvas")
    @MethodSource("screenCases")
    void screenCanvasesKeepTextApart(String name, String label, int width, int height, FigureRenderer renderer)
            throws Exception {
        SvgText text = new SvgText(FigureExporter.renderSvg(renderer, width, height, FigureStyle.screen(FigureTheme.DARK, 12)));
        List<String> problems = text.problems(12);
        assertTrue(problems.isEmpty(), name + " on " + label + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void theF0AndLevelLinesAreDrawnInTheirColours() throws Exception {
        FigureStyle style = FigureSize.IEEE_DOUBLE.style(ColorMap.VIRIDIS);
        String both = FigureExporter.renderSvg(figures().get("audio-pitch-level"), 500, 400, style);
        String levelOnly = FigureExporter.renderSvg(figures().get("audio-level"), 500, 400, style);
        String pitchColour = "rgb(213,94,0)";
        String levelColour = "rgb(0,158,115)";
        assertTrue(both.contains(pitchColour) && both.contains(levelColour), "both tracks drawn");
        assertFalse(levelOnly.contains(pitchColour), "no F0 line when only the level is asked for");
        assertTrue(levelOnly.contains(levelColour));
    }

    @Test
    void theDataHoldsTimeF0EmptyWhereUnvoicedAndLevel() {
        ProsodyStripData p = ProsodySamples.prosody(3.0, true, true);
        String[] rows = p.toCsv().split("\r\n");
        assertEquals("time_s,f0_hz,level_db", rows[0]);
        assertEquals(p.frames() + 1, rows.length);
        int unvoiced = 0;
        for (int k = 0; k < p.frames(); k++) {
            String[] f = rows[k + 1].split(",", -1);
            assertEquals(p.time(k), Double.parseDouble(f[0]), 1e-12);
            if (Float.isNaN(p.f0(k))) {
                assertEquals("", f[1], "unvoiced frame " + k);
                unvoiced++;
            } else {
                assertEquals(p.f0(k), Float.parseFloat(f[1]));
            }
            assertEquals(p.levelAt(k), Float.parseFloat(f[2]));
        }
        assertTrue(unvoiced > 10 && unvoiced < p.frames() - 10, unvoiced + " unvoiced of " + p.frames());

        assertEquals("time_s,level_db", ProsodySamples.prosody(3.0, false, true).toCsv().split("\r\n")[0]);
        JsonObject json = JsonParser.parseString(p.toJson()).getAsJsonObject();
        assertEquals("prosody", json.get("kind").getAsString());
        assertEquals(p.frames(), json.getAsJsonArray("f0_hz").size());
        assertTrue(json.getAsJsonArray("f0_hz").get(0).isJsonNull(), "unvoiced is null");
        assertEquals("yin, 75–600 Hz, window 64 ms, hop 10 ms", json.get("settings").getAsString());

        AudioProsodyData both = new AudioProsodyData(FigureSamples.audio(3.0, 9), p);
        assertEquals(p.toCsv(), both.toCsv());
        JsonObject all = JsonParser.parseString(both.toJson()).getAsJsonObject();
        assertEquals("audio-prosody", all.get("kind").getAsString());
        assertEquals("audio-strip", all.getAsJsonObject("audio").get("kind").getAsString());
        assertEquals(p.frames(), all.getAsJsonObject("prosody").getAsJsonArray("level_db").size());
    }

    @Test
    void stripsNeedSomethingToShowAndSecondsOnTheHeatmap() {
        assertThrows(IllegalArgumentException.class, () -> ProsodySamples.prosody(3.0, false, false));
        HeatmapData positions = FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 9);
        HeatmapData noSeconds = new HeatmapData.Builder(positions.values(), positions.tokens(), positions.times(),
                positions.metric(), positions.layer()).optPositionAxis().build();
        assertThrows(IllegalArgumentException.class,
                () -> new HeatmapRenderer(noSeconds, null, ProsodySamples.prosody(3.0, true, true)));
    }

    @Test
    void theStripsAddHeightAndKeepTheMatrixAndItsTimeAxis() {
        HeatmapRenderer plain = new HeatmapRenderer(FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 9),
                FigureSamples.audio(3.0, 9));
        HeatmapRenderer withStrips = (HeatmapRenderer) figures().get("heatmap-audio-pitch-level");
        FigureStyle style = FigureSize.IEEE_DOUBLE.style(ColorMap.VIRIDIS);
        double h = withStrips.preferredHeight(500, style);
        assertTrue(h > plain.preferredHeight(500, style), "the strips add height");
        HeatmapLayout a = plain.layout(500, plain.preferredHeight(500, style), style);
        HeatmapLayout b = withStrips.layout(500, h, style);
        assertEquals(a.timeStart(), b.timeStart(), 1e-12, "the same time axis");
        assertEquals(a.timeEnd(), b.timeEnd(), 1e-12);
        assertEquals(a.plot().getHeight(), b.plot().getHeight(), a.plot().getHeight() * 0.05, "the matrix keeps its size");
    }
}
