package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class FigureExporterTest {

    @TempDir
    Path dir;

    private final HeatmapRenderer heatmap = new HeatmapRenderer(
            FigureSamples.heatmap(150, HeatmapData.Metric.COSINE, true, 7));

    @Test
    void pngHasTheSizeForItsDpiAndRecordsTheDpi() throws Exception {
        for (int dpi : FigureExporter.STANDARD_DPI) {
            Path out = dir.resolve("h" + dpi + ".png");
            double[] wh = FigureExporter.export(heatmap, FigureSize.IEEE_COLUMN, ColorMap.VIRIDIS, dpi, out);
            BufferedImage img = ImageIO.read(out.toFile());
            assertEquals(Math.round(3.5 * dpi), img.getWidth());
            assertEquals(Math.round(wh[1] / 72 * dpi), img.getHeight());
            assertEquals(dpi, readDpi(out), 0.5);
        }
    }

    private static double readDpi(Path png) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            IIOMetadata md = reader.getImageMetadata(0);
            Node root = md.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("pHYs")) {
                    Element e = (Element) n;
                    assertEquals("meter", e.getAttribute("unitSpecifier"));
                    return Double.parseDouble(e.getAttribute("pixelsPerUnitXAxis")) * 0.0254;
                }
            }
            throw new AssertionError("no pHYs chunk");
        }
    }

    @Test
    void svgIsXmlWithTextAsTextTitleAndColourBarLabel() throws Exception {
        Path out = dir.resolve("h.svg");
        FigureExporter.export(heatmap, FigureSize.IEEE_DOUBLE, ColorMap.VIRIDIS, 300, out);
        SvgText svg = new SvgText(Files.readString(out, StandardCharsets.UTF_8));
        List<String> strings = svg.strings();
        for (String token : List.of("<bos>", "capital", "country", "<eos>")) {
            assertTrue(strings.contains(token), "token label " + token + " in " + strings);
        }
        assertEquals(3, strings.stream().filter("the"::equals).count(), "duplicate tokens stay distinct");
        assertTrue(strings.contains("cosine similarity (layer 12)"), "colour bar label with the layer: " + strings);
        assertTrue(strings.contains("speech time (s)"), "time axis label");
        assertTrue(strings.stream().anyMatch(s -> s.contains("synthetic data")), "model and example in the title");
        assertTrue(strings.stream().anyMatch(s -> s.contains("APS")), "APS in the caption");
        NodeList titles = svg.document.getElementsByTagNameNS("*", "title");
        assertEquals(1, titles.getLength());
        assertEquals("synthetic data \u00b7 example 7", titles.item(0).getTextContent());
        NodeList desc = svg.document.getElementsByTagNameNS("*", "desc");
        assertEquals(1, desc.getLength());
        assertTrue(desc.item(0).getTextContent().startsWith("Speech-text alignment heatmap"), desc.item(0).getTextContent());
        NodeList images = svg.document.getElementsByTagNameNS("*", "image");
        assertTrue(images.getLength() >= 1, "the matrix is an embedded raster");
        Element root = svg.document.getDocumentElement();
        assertEquals("515.52pt", root.getAttribute("width"));
        assertTrue(svg.document.getElementsByTagNameNS("*", "path").getLength() > 0,
                "the alignment paths are vector paths");
    }

    @Test
    void exportAlwaysUsesTheLightTheme() {
        FigureStyle dark = FigureStyle.screen(FigureTheme.DARK, 8);
        BufferedImage img = FigureExporter.renderImage(heatmap, 252, 250, dark, 72);
        assertEquals(0xFFFFFF, img.getRGB(1, 1) & 0xFFFFFF, "white background despite a dark style");
        String svg = FigureExporter.renderSvg(heatmap, 252, 250, dark);
        assertTrue(svg.contains("fill:rgb(255,255,255)"), "white background in SVG");
    }

    @Test
    void writesAreAtomicAndReplaceOldFiles() throws Exception {
        Path out = dir.resolve("fig.png");
        Files.writeString(out, "old");
        FigureExporter.export(heatmap, FigureSize.IEEE_COLUMN, ColorMap.MAGMA, 150, out);
        assertNotNull(ImageIO.read(out.toFile()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("fig.png"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left");
        }
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out),
                    "an exported file gets the permissions of any new file, not owner-only ones");
        }
        Files.delete(plain);
        Path missing = dir.resolve("no/such/folder/fig.svg");
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> FigureExporter.export(heatmap, FigureSize.SLIDE, ColorMap.VIRIDIS, 150, missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void badExtensionAndDpiAreUserErrors() {
        GapScopeException ext = assertThrows(GapScopeException.class,
                () -> FigureExporter.export(heatmap, FigureSize.SLIDE, ColorMap.VIRIDIS, 150, dir.resolve("f.pdf")));
        assertTrue(ext.getMessage().contains(".png or .svg"), ext.getMessage());
        GapScopeException dpi = assertThrows(GapScopeException.class,
                () -> FigureExporter.export(heatmap, FigureSize.SLIDE, ColorMap.VIRIDIS, 5000, dir.resolve("f.png")));
        assertTrue(dpi.getMessage().contains("DPI"), dpi.getMessage());
    }

    @Test
    void dataFilesSitNextToTheFigureAndRedrawTheSameNumbers() throws Exception {
        HeatmapData data = heatmap.data();
        Path fig = dir.resolve("align.svg");
        Path csv = FigureExporter.writeData(data, fig, FigureExporter.DataFormat.CSV);
        Path json = FigureExporter.writeData(data, fig, FigureExporter.DataFormat.JSON);
        assertEquals(dir.resolve("align.csv"), csv);
        assertEquals(dir.resolve("align.json"), json);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("layer,metric,speech_index,time_s,token_index,token,value,on_path,on_dtw_path", lines.get(0));
        assertEquals(1 + data.speechCount() * data.tokenCount(), lines.size());
        long onPath = lines.stream().skip(1).filter(l -> l.split(",")[7].equals("1")).count();
        assertEquals(data.tokenCount(), onPath);
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("heatmap", o.get("kind").getAsString());
        assertEquals(data.tokenCount(), o.getAsJsonArray("tokens").size());
        assertEquals(data.value(3, 4), o.getAsJsonArray("values").get(3).getAsJsonArray().get(4).getAsFloat(), 0);
        assertEquals(data.pathAt(5), o.getAsJsonArray("path").get(5).getAsInt());
    }

    @Test
    void everyFigureExportsItsDataAsCsvAndJson() {
        for (FigureRenderer r : GoldenImageTest.renderers().values()) {
            FigureData d = r.data();
            String csv = d.toCsv();
            assertTrue(csv.lines().count() > 1, d.kind() + " CSV has rows");
            JsonObject o = JsonParser.parseString(d.toJson()).getAsJsonObject();
            assertEquals(d.kind(), o.get("kind").getAsString());
            assertFalse(r.description().isBlank());
        }
    }
}
