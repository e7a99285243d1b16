package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Paper style and what an export promises: no title block in the figure but all of it in the file's
 * metadata (UTF-8 intact), the data never shrunk for the header, a size too small for the labels
 * refused with the smallest size that fits, text that survives another font, and text as outlines.
 */
class PaperStyleTest {

    @TempDir
    Path dir;

    private static final List<String> FIVE = List.of("<bos>", "what", "is", "lake", "?");

    private final HeatmapRenderer heatmap = new HeatmapRenderer(
            FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 7));

    private static SvgText svg(FigureRenderer r, FigureSize size, boolean paper) throws Exception {
        FigureStyle style = size.style(ColorMap.VIRIDIS).withPaper(paper);
        return new SvgText(FigureExporter.renderSvg(r, size.widthPt(), size.heightPt(r, style), style));
    }

    @Test
    void paperStyleLeavesOutTheTitleBlockAndKeepsItInTheSvgMetadata() throws Exception {
        Path out = dir.resolve("paper.svg");
        FigureExporter.export(heatmap, FigureSize.IEEE_COLUMN, ExportSettings.defaults().withPaperStyle(true), out);
        SvgText text = new SvgText(Files.readString(out, StandardCharsets.UTF_8));
        List<String> strings = text.strings();
        assertFalse(strings.stream().anyMatch(s -> s.contains("APS") || s.contains("synthetic data")
                || s.contains("alignment path")), "no title, score lines or path legend: " + strings);
        assertTrue(strings.contains("cosine similarity (layer 12)"), "metric and layer on the colour bar: " + strings);
        String title = text.document.getElementsByTagNameNS("*", "title").item(0).getTextContent();
        String desc = text.document.getElementsByTagNameNS("*", "desc").item(0).getTextContent();
        assertEquals("synthetic data \u00b7 example 7", title);
        for (String part : List.of("layer 12", "APS 0.", "monotonicity (Spearman \u03c1) ", "consistency 0.59",
            "argmax per token")) {
            assertTrue(desc.contains(part), part + " in " + desc);
        }
    }

    @Test
    void pngMetadataIsUtf8() throws Exception {
        Path out = dir.resolve("paper.png");
        FigureExporter.export(heatmap, FigureSize.IEEE_COLUMN, ExportSettings.defaults().withDpi(72)
                .withPaperStyle(true), out);
        Map<String, String> text = pngText(out);
        assertEquals("synthetic data \u00b7 example 7", text.get("Title"));
        assertTrue(text.get("Description").contains("Spearman \u03c1"), "\u03c1 survives: " + text.get("Description"));
        assertTrue(text.get("Software").startsWith("GapScope"), text.toString());
        ScoreVsGapRenderer scatter = new ScoreVsGapRenderer(FigureSamples.scatter(5));
        Path s = dir.resolve("scatter.png");
        FigureExporter.export(scatter, FigureSize.IEEE_COLUMN, ExportSettings.defaults().withDpi(72), s);
        assertTrue(pngText(s).get("Description").contains("\u2212"), "a true minus survives: " + pngText(s));
    }

    /** The PNG's text entries, read back with the standard reader (iTXt, tEXt). */
    static Map<String, String> pngText(Path png) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata md = reader.getImageMetadata(0);
            Node root = md.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                for (Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
                    Element el = (Element) e;
                    if (e.getNodeName().equals("iTXtEntry")) {
                        out.put(el.getAttribute("keyword"), el.getAttribute("text"));
                    } else if (e.getNodeName().equals("tEXtEntry")) {
                        out.put(el.getAttribute("keyword"), el.getAttribute("value"));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void paperStyleShortensTheFigureNotTheData() {
        FigureStyle normal = FigureSize.IEEE_COLUMN.style(ColorMap.VIRIDIS);
        FigureStyle paper = normal.withPaper(true);
        double w = FigureSize.IEEE_COLUMN.widthPt();
        double hn = FigureSize.IEEE_COLUMN.heightPt(heatmap, normal);
        double hp = FigureSize.IEEE_COLUMN.heightPt(heatmap, paper);
        assertTrue(hp < hn - 20, "the title block goes: " + hp + " vs " + hn);
        assertEquals(heatmap.layout(w, hn, normal).plot().getHeight(), heatmap.layout(w, hp, paper).plot().getHeight(),
                1.0, "the matrix keeps its height (both heights are rounded up to whole points)");
    }

    @Test
    void aShortFigureGivesUpItsHeaderNeverATokenLabel() throws Exception {
        // issue 17: five tokens at 3.5 x 2.2 in drew the matrix 0.25 in tall with two of five labels
        HeatmapRenderer five = new HeatmapRenderer(FigureSamples.heatmap(40, FIVE, HeatmapData.Metric.COSINE, false,
                3));
        FigureSize size = FigureSize.parse("3.5x2.2in");
        SvgText text = svg(five, size, false);
        for (String token : FIVE) {
            assertTrue(text.strings().contains(token), token + " in " + text.strings());
        }
        assertTrue(text.strings().contains("text token"), "axis label whole: " + text.strings());
        assertFalse(text.strings().stream().anyMatch(s -> s.contains("\u2026")), "nothing cut: " + text.strings());
        assertTrue(text.problems(FigureSize.MIN_FONT_PT).isEmpty(), text.problems(FigureSize.MIN_FONT_PT).toString());
        HeatmapLayout layout = five.layout(size.widthPt(), size.heightPt(five, size.style(ColorMap.VIRIDIS)),
                size.style(ColorMap.VIRIDIS));
        assertTrue(layout.plot().getHeight() >= five.data().tokenCount() * 8 * 1.1,
                "a line per token: " + layout.plot().getHeight());
    }

    @Test
    void aSizeTooSmallIsRefusedWithTheSmallestSizeThatFits() throws Exception {
        Path out = dir.resolve("small.svg");
        GapScopeException e = assertThrows(GapScopeException.class, () -> FigureExporter.export(heatmap,
                FigureSize.parse("3.5x1.5in"), ExportSettings.defaults(), out));
        assertFalse(Files.exists(out), "nothing written");
        Matcher m = Pattern.compile("smallest size that fits is (\\d+(?:\\.\\d)?)x(\\d+(?:\\.\\d)?)in$")
                .matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        assertTrue(e.getMessage().startsWith("heatmap figure: "), e.getMessage());
        FigureSize fits = FigureSize.parse(m.group(1) + "x" + m.group(2) + "in");
        assertEquals(3.5, fits.widthIn(), 1e-9);
        FigureExporter.export(heatmap, fits, ExportSettings.defaults(), out);
        SvgText text = new SvgText(Files.readString(out));
        assertEquals(14, text.strings().stream().filter(FigureSamples.SENTENCE::contains).count(),
                "every token at the size the message gave");
        GapScopeException narrow = assertThrows(GapScopeException.class, () -> FigureExporter.export(heatmap,
                FigureSize.parse("1x3in"), ExportSettings.defaults(), out));
        assertTrue(narrow.getMessage().contains("in of width"), narrow.getMessage());
    }

    @Test
    void svgTextIsAnchoredAndNamesAFontList() throws Exception {
        SvgText text = svg(heatmap, FigureSize.IEEE_COLUMN, true);
        NodeList nodes = text.document.getElementsByTagNameNS("*", "text");
        for (int k = 0; k < nodes.getLength(); k++) {
            String style = ((Element) nodes.item(k)).getAttribute("style");
            assertTrue(style.contains("font-family: " + SvgSupport.SANS_FAMILIES), style);
        }
        int timeTicks = 0;
        for (SvgText.Item it : text.items) {
            if (FigureSamples.SENTENCE.contains(it.text())) {
                assertEquals("end", it.anchor(), "token labels end at their tick: " + it.text());
            }
            if (it.text().equals("speech time (s)")) {
                assertEquals("middle", it.anchor(), "axis label centred");
            }
            if (it.text().matches("\\d\\.\\d")) {
                // time ticks are centred under their tick, colour-bar ticks start right of the bar
                assertTrue(it.anchor().equals("middle") || it.anchor().equals("start"), it.text() + " " + it.anchor());
                timeTicks += it.anchor().equals("middle") ? 1 : 0;
            }
        }
        assertTrue(timeTicks >= 4, "centred time ticks: " + timeTicks);
    }

    @Test
    void textAsOutlinesHasNoTextElementsAndOnlyForSvg() throws Exception {
        Path out = dir.resolve("outlines.svg");
        FigureExporter.export(heatmap, FigureSize.IEEE_COLUMN, ExportSettings.defaults().withTextOutlines(true), out);
        String svg = Files.readString(out);
        assertFalse(svg.contains("<text"), "no text elements");
        assertTrue(new SvgText(svg).document.getElementsByTagNameNS("*", "path").getLength()
                > new SvgText(FigureExporter.renderSvg(heatmap, 252, 250, FigureStyle.light(8)))
                        .document.getElementsByTagNameNS("*", "path").getLength() + 30, "glyphs became paths");
        GapScopeException e = assertThrows(GapScopeException.class, () -> FigureExporter.export(heatmap,
                FigureSize.IEEE_COLUMN, ExportSettings.defaults().withTextOutlines(true), dir.resolve("o.png")));
        assertTrue(e.getMessage().contains("SVG only"), e.getMessage());
    }
}
