package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Provenance;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.ReferenceSpans;
import org.gapscope.lenses.SpeechPositionTimes;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.lenses.TokenWords;
import org.junit.jupiter.api.Test;

/**
 * The reference word spans on a hand-made example: which cells are boxed, one box per word over its tokens'
 * rows, the hit rate taken from core's {@link ReferenceAlignmentHitRate}, and the boxes' pixels.
 */
class HeatmapSpansTest {

    /**
     * Six positions of 0.1 s; "what" 0-0.18 s covers positions 0-1, "colour" 0.21-0.45 positions 2-4 (cut into
     * two tokens), "sky" 0.5-0.6 position 5.
     */
    static ReferenceSpans handMade() {
        SpeechPositionTimes times = SpeechPositionTimes.uniform(6, 0.6);
        WordTimings words = new WordTimings(List.of(new WordTiming("what", 0, 0.18),
                new WordTiming("colour", 0.21, 0.45), new WordTiming("sky", 0.5, 0.6)));
        TokenWords map = TokenWords.given(new int[] {0, 1, 1, 2}, 3);
        return new ReferenceSpans(TokenPairing.referenceWords(words, map, times), map, words);
    }

    static ReferenceAlignmentHitRate rate(ReferenceSpans spans) {
        Provenance p = new Provenance("m", "e", "hit_rate_cosine", new LayerRange(1, 1), "test");
        // layer 0: tokens 0, 1, 3 on their word -> 0.75; layer 1: only token 3 -> 0.25
        return ReferenceAlignmentHitRate.of(p, SimilarityMetric.COSINE,
                List.of(new int[] {0, 3, 1, 5}, new int[] {5, 5, 5, 5}), spans.pairing());
    }

    @Test
    void theBoxedCellsAreEachTokensWordSpan() {
        WordSpans w = WordSpans.of(handMade(), null, 0);
        boolean[][] expected = {
            // token:  0      1      2      3
            {true, false, false, false}, // position 0
            {true, false, false, false},
            {false, true, true, false},
            {false, true, true, false},
            {false, true, true, false},
            {false, false, false, true}, // position 5
        };
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i][j], w.contains(i, j), "position " + i + ", token " + j);
            }
        }
        List<WordSpans.Box> boxes = w.boxes();
        assertEquals(List.of(new WordSpans.Box(0, 1, 0, 2, "what", 0, 0.18), new WordSpans.Box(1, 3, 2, 5, "colour", 0.21,
                0.45), new WordSpans.Box(3, 4, 5, 6, "sky", 0.5, 0.6)), boxes, "one box per word, both tokens of colour");
        assertEquals(boxes.get(1), w.boxOf(2));
        assertEquals("word “colour” 0.21–0.45 s", WordSpans.describe(boxes.get(1)));
        assertEquals("", w.hitCaption(), "no hit rate given, none claimed");
    }

    @Test
    void theHitRateIsCoresAtTheLayerShown() {
        ReferenceSpans spans = handMade();
        ReferenceAlignmentHitRate rate = rate(spans);
        WordSpans layer0 = WordSpans.of(spans, rate, 0);
        WordSpans layer1 = WordSpans.of(spans, rate, 1);
        assertEquals(rate.hit()[0], layer0.hit(), 0);
        assertEquals(0.75, layer0.hit(), 1e-12);
        assertEquals(0.25, layer1.hit(), 1e-12);
        assertEquals(0.375, layer1.baseline(), 1e-12);
        assertEquals("ALAS-style hit rate 0.25 (uniform baseline 0.38)", layer1.hitCaption());
    }

    @Test
    void theFigureCaptionsTheHitRateAndLegendsTheSpansEvenWithoutOtherScores() {
        ReferenceSpans spans = handMade();
        float[][] values = new float[6][4];
        HeatmapData data = new HeatmapData.Builder(values, List.of("what", "col", "our", "sky"),
                HeatmapData.uniformTimes(6, 0.1, 0), HeatmapData.Metric.COSINE, 0).optPath(new int[] {0, 3, 1, 5})
                .optSpans(WordSpans.of(spans, rate(spans), 0)).build();
        HeatmapRenderer r = new HeatmapRenderer(data);
        String svg = FigureExporter.renderSvg(r, 500, 300, FigureStyle.light(9));
        assertTrue(svg.contains("ALAS-style hit rate 0.75 (uniform baseline 0.38)"), "the caption");
        assertTrue(svg.contains("reference word spans (ALAS-style, arXiv 2505.19937)"), "the legend");
        assertTrue(r.description().contains("reference word spans"), r.description());
        assertTrue(data.toJson().contains("\"word_spans\""), "the data file");
        HeatmapData without = data.withSpans(null);
        String plain = FigureExporter.renderSvg(new HeatmapRenderer(without), 500, 300, FigureStyle.light(9));
        assertFalse(plain.contains("hit rate") || plain.contains("word spans"), "no spans, none claimed");
        assertFalse(without.toJson().contains("word_spans"));
    }

    @Test
    void aHeatmapRefusesSpansOfAnotherShape() {
        WordSpans w = WordSpans.of(handMade(), null, 0);
        float[][] values = new float[6][3];
        assertThrows(IllegalArgumentException.class, () -> new HeatmapData.Builder(values, List.of("a", "b", "c"),
                null, HeatmapData.Metric.COSINE, 0).optPositionAxis().optSpans(w).build());
        float[][] fewer = new float[5][4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeatmapData.Builder(fewer,
                List.of("a", "b", "c", "d"), null, HeatmapData.Metric.COSINE, 0).optPositionAxis().optSpans(w).build());
        assertTrue(e.getMessage().contains("word span ends at position 6"), e.getMessage());
    }

    @Test
    void theBoxesFrameTheirCellsAndLeaveTheRestAlone() {
        // cells 20 x 20 pixels, drawn from (10, 10)
        BufferedImage img = new BufferedImage(140, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x808080));
        g.fillRect(0, 0, 140, 100);
        HeatmapSpans.Edges at = new HeatmapSpans.Edges() {
            @Override
            public double left(int speech) {
                return 10 + speech * 20;
            }

            @Override
            public double right(int speech) {
                return 10 + (speech + 1) * 20;
            }

            @Override
            public double top(int token) {
                return 10 + token * 20;
            }

            @Override
            public double bottom(int token) {
                return 10 + (token + 1) * 20;
            }
        };
        HeatmapSpans.draw(g, FigureStyle.light(10), at, WordSpans.of(handMade(), null, 0));
        g.dispose();
        // "colour": positions 2-4 (x 50..110), tokens 1-2 (y 30..70): its left and bottom edges are drawn
        assertTrue(drawn(img, 50, 50), "left edge of colour's box");
        assertTrue(drawn(img, 80, 70), "bottom edge of colour's box");
        assertTrue(drawn(img, 110, 40), "right edge of colour's box");
        assertFalse(drawn(img, 80, 50), "inside the box the matrix shows through");
        assertFalse(drawn(img, 80, 20), "above colour, in what's row, nothing (what's box ends at x 50)");
        assertTrue(drawn(img, 30, 10), "top edge of what's box");
    }

    /** Whether a pixel near (x, y) is the frame's black or white on the grey ground. */
    private static boolean drawn(BufferedImage img, int x, int y) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                int green = (img.getRGB(x + dx, y + dy) >> 8) & 255;
                if (green > 200 || green < 56) {
                    return true;
                }
            }
        }
        return false;
    }
}
