package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.DtwAlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.GapRegression;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.SimilarityMatrix;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.CriticalTokens;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.junit.jupiter.api.Test;

class AnalysisFiguresTest {

    private static HiddenStates states(int layers, int tokens, int d, long seed) {
        Random rnd = new Random(seed);
        float[][][] v = new float[layers][tokens][d];
        for (float[][] layer : v) {
            for (float[] row : layer) {
                for (int c = 0; c < d; c++) {
                    row[c] = (float) rnd.nextGaussian();
                }
            }
        }
        return HiddenStates.of("test", v);
    }

    @Test
    void heatmapCarriesTheAnalysisPathScoresAndMatrix() {
        HiddenStates s = states(3, 20, 8, 1);
        HiddenStates t = states(3, 5, 8, 2);
        ExampleAnalysis a = ExampleAnalyzer.analyze(s, t, AnalysisSettings.defaults(), "m", "e");
        SimilarityMatrix m = SimilarityMatrix.compute(s, t, 2, SimilarityMetric.EUCLIDEAN);
        HeatmapData h = AnalysisFigures.heatmap(a, m, List.of("a", "b", "c", "d", "e"), null, true,
                ColorRange.auto());
        assertEquals(HeatmapData.Metric.EUCLIDEAN, h.metric());
        assertEquals(2, h.layer());
        assertArrayEquals(a.path(SimilarityMetric.EUCLIDEAN, 2).speechIndex(), h.path());
        assertEquals(a.path(SimilarityMetric.EUCLIDEAN, 2).score(), h.scores().aps(), 1e-12);
        assertEquals(m.at(7, 3), h.value(7, 3));
        assertFalse(h.timesInSeconds(), "no times: the axis counts positions");
        assertEquals("m \u00b7 e", h.title());
        DtwAlignmentPath dtw = a.dtwEuclidean().get(2);
        int cells = 0;
        for (int j = 0; j < 5; j++) {
            cells += dtw.spanEnd()[j] - dtw.spanStart()[j] + 1;
        }
        assertEquals(cells, h.dtwLength());
    }

    @Test
    void interventionMarksTheSelectedTokensOnTheSelectingPath() {
        HiddenStates s = states(2, 12, 8, 3);
        HiddenStates t = states(2, 6, 8, 4);
        ExampleAnalysis a = ExampleAnalyzer.analyze(s, t, AnalysisSettings.defaults(), "m", "e");
        InterventionSettings settings = InterventionSettings.defaults(RewriteKind.ANGLE_PROJECTION);
        CriticalTokens critical = CriticalTokens.select(a.path(SimilarityMetric.COSINE, 0),
                CriticalTokenSelection.bottomK(2));
        InterventionData d = AnalysisFigures.intervention(settings, critical, a.path(SimilarityMetric.COSINE, 0),
                null, HeatmapData.uniformTimes(12, 0.04, 0), "gold", "before", "after", false, true, null, "");
        assertEquals("angle projection", d.method());
        assertEquals("Bottom-2", d.selection());
        assertEquals(0, d.layer());
        int[] selected = critical.selectedTokens().clone();
        java.util.Arrays.sort(selected);
        assertArrayEquals(selected, d.changedTokens());
        assertArrayEquals(a.path(SimilarityMetric.COSINE, 0).speechIndex(), d.path());
        new InterventionRenderer(d).draw(new java.awt.image.BufferedImage(400, 300,
                java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics(), 400, 300,
                FigureStyle.screen(FigureTheme.LIGHT, 10));
    }

    @Test
    void scatterLineIsTheScoreOnGapFitOfTheRegressionsPoints() {
        // four checkpoints exactly on score = 0.9 - 0.005 * GAP
        List<GapRegression.Point> points = List.of(new GapRegression.Point("a", 0.8, 20),
                new GapRegression.Point("b", 0.7, 40), new GapRegression.Point("c", 0.6, 60),
                new GapRegression.Point("d", 0.55, 70));
        GapRegression regression = GapRegression.fit("set", "APS", new LayerRange(1, 4), points);
        ScoreVsGapData data = AnalysisFigures.scatter(regression, null, "t");
        assertEquals(-0.005, data.fit().slope(), 1e-12, "score units per GAP point");
        assertEquals(0.9, data.fit().intercept(), 1e-12);
        assertEquals(1.0, data.fit().r2(), 1e-12);
        // the regression itself is GAP on score: slope -200 points per score unit
        assertEquals(-200, regression.fit().slope(), 1e-9);
        assertEquals(20, data.points().get(0).gap(), 0);
        assertEquals(0.8, data.points().get(0).score(), 0);
    }

    @Test
    void standardDeviationIsTheSampleOneAndSkipsNan() {
        double[] sd = AnalysisFigures.sd(new double[][] {{1, 0, Double.NaN}, {3, 0, 5}, {5, 0, Double.NaN}});
        assertEquals(2.0, sd[0], 1e-12);
        assertEquals(0.0, sd[1], 1e-12);
        assertTrue(Double.isNaN(sd[2]));
    }

    @Test
    void audioStripUsesTheClipAndItsLogMel() {
        float[] samples = new float[16000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) Math.sin(i * 0.05) * (i < 8000 ? 0.5f : 0f);
        }
        AudioClip clip = AudioClip.ofSamples(samples);
        LogMelSpectrogram mel = new WhisperLogMel(80).compute(clip);
        AudioStripData a = AnalysisFigures.audio(clip, mel, "tone");
        assertEquals(1.0, a.duration(), 1e-9);
        assertEquals(80, a.bands());
        assertEquals(mel.validFrames(), a.frames());
        assertEquals(mel.value(10, 20), a.spectrogramValue(20, 10));
        float peak = 0;
        for (int b = 0; b < a.bins() / 2; b++) {
            peak = Math.max(peak, a.max(b));
        }
        assertEquals(0.5f, peak, 0.01f);
        assertEquals(0f, a.max(a.bins() - 1), 1e-6f);
    }
}
