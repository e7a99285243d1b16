package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;
import org.gapscope.figure.LensData;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.lenses.LensHead;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.lenses.TopTokens;
import org.junit.jupiter.api.Test;

/**
 * {@link ExampleEngine#lens}: a hand-made 2 x 3 head on hand-made captures, every value worked out
 * here: top-1 tokens, their probabilities (softmax written out), lens agreement under proportional and
 * word pairing, only the chosen layers computed, a cancel between layers, a model without a head.
 */
class ExampleLensTest {

    /** Token v's logit is W[v] . h. */
    private static final double[][] W = {{4, 0}, {0, 4}, {-4, -4}};
    private static final String[] NAMES = {"zero", "one", "two"};

    /** A plain linear head in double, counting the rows it is asked for. */
    private static final class LinearHead implements LensHead {
        int rows;

        @Override
        public int vocabSize() {
            return W.length;
        }

        @Override
        public int hiddenSize() {
            return 2;
        }

        @Override
        public TopTokens top(float[] h, int count, int k) {
            rows += count;
            int[][] ids = new int[count][k];
            float[][] probs = new float[count][k];
            for (int r = 0; r < count; r++) {
                double[] p = softmax(h[2 * r], h[2 * r + 1]);
                Integer[] order = {0, 1, 2};
                java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
                for (int j = 0; j < k; j++) {
                    ids[r][j] = order[j];
                    probs[r][j] = (float) p[order[j]];
                }
            }
            return new TopTokens(ids, probs);
        }

        @Override
        public String token(int id) {
            return NAMES[id];
        }
    }

    private static double[] softmax(double x, double y) {
        double[] e = new double[W.length];
        double sum = 0;
        for (int v = 0; v < W.length; v++) {
            e[v] = Math.exp(W[v][0] * x + W[v][1] * y);
            sum += e[v];
        }
        for (int v = 0; v < W.length; v++) {
            e[v] /= sum;
        }
        return e;
    }

    /** A model that has only captures and a head (or none): the lens needs nothing else. */
    private record HeadOnly(LensHead head) implements ModelRunner {
        @Override
        public String modelName() {
            return "hand-made";
        }

        @Override
        public String fingerprint() {
            return "hand-made";
        }

        @Override
        public int hiddenStates() {
            return 3;
        }

        @Override
        public Optional<LensHead> lensHead() {
            return Optional.ofNullable(head);
        }

        @Override
        public SpeechInput speechInput(AudioClip clip) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public Answered text(String exampleId, String transcript, int maxTokens) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens,
                InterventionPlan plan) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public float[][] textInputEmbeddings(String transcript) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
                StatisticalCalibration calibration) {
            throw new UnsupportedOperationException("the lens reads captures only");
        }

        @Override
        public void close() {
        }
    }

    // text "a b": a reads as zero, b as one, at every layer
    private static final float[][][] TEXT = {
        {{1, 0}, {0, 1}},
        {{1, 0}, {0, 1}},
        {{1, 0}, {0, 1}}};
    // four speech positions at 0, 0.1, 0.2, 0.3 s of a 0.4 s clip
    private static final float[][][] SPEECH = {
        {{1, 0}, {1, 0}, {0, 1}, {0, 1}},   // proportional halves read zero, one: agreement 1
        {{0, 1}, {0, 1}, {1, 0}, {1, 0}},   // swapped: agreement 0
        {{1, 0}, {0, 3}, {0, 1}, {0, 1}},   // a = mean(p0, p1) reads one (proportional), p0 alone zero (words)
    };

    private static ExampleRun run(WordTimings words) {
        Example example = new Example("q1", Path.of("q1.wav"), "a b", List.of("x"), List.of(), "", "", 1, words);
        Capture speech = Capture.of(SPEECH, List.of("s0", "s1", "s2", "s3"), new float[] {0, 0.1f, 0.2f, 0.3f},
                new CaptureMeta("hand-made", Modality.SPEECH, "q1", "test"));
        Capture text = Capture.of(TEXT, List.of("a", "b"), new float[0],
                new CaptureMeta("hand-made", Modality.TEXT, "q1", "test"));
        return new ExampleRun("hand-made", example, AudioClip.ofSamples(new float[6400]),
                new ModelRunner.Answered("x", speech), new ModelRunner.Answered("x", text), null, null, null);
    }

    @Test
    void topTokensProbabilitiesAndAgreementByProportionalPairing() {
        LinearHead head = new LinearHead();
        ExampleEngine engine = ExampleEngine.of(new HeadOnly(head));
        ExampleLens lens = engine.lens(run(WordTimings.NONE), new int[] {2, 0, 1}, 2, Monitor.NONE);
        assertArrayEquals(new int[] {0, 1, 2}, lens.layers(), "sorted");
        assertEquals(TokenPairing.Method.PROPORTIONAL, lens.agreement().pairing().method());
        assertArrayEquals(new double[] {1, 0, 0.5}, lens.agreement().agreement(), 0);
        // layer 2, position 1 = (0, 3): one with e^12 / (e^12 + 1 + e^-12), then zero
        TopTokens p1 = lens.speech().at(2);
        double[] expected = softmax(0, 3);
        assertEquals("one", lens.token(p1.id(1, 0)));
        assertEquals(expected[1], p1.probability(1, 0), 1e-6);
        assertEquals("zero", lens.token(p1.id(1, 1)));
        assertEquals(expected[0], p1.probability(1, 1), 1e-6);
        assertEquals("zero", lens.token(lens.text().at(0).top1(0)));
        assertEquals("one", lens.token(lens.text().at(0).top1(1)));
        assertEquals("1..2", lens.averaged().toString());
        assertEquals(0.25, lens.agreement().mean(lens.averaged()), 1e-12, "layers 1 and 2");
        assertArrayEquals(new float[] {0, 0.1f, 0.2f, 0.3f}, lens.times());

        LensData data = LensData.of("t", lens.speech(), lens.times(), lens.text(), lens.agreement(), lens.averaged(),
                lens::token);
        assertEquals(List.of("0.00 s", "0.10 s", "0.20 s", "0.30 s"), data.side("speech").labels());
        assertEquals(List.of("a", "b"), data.side("text").labels());
        assertEquals("one", data.side("speech").top1(2, 1));
        assertEquals("proportional", data.pairing());
    }

    @Test
    void wordTimingsPairTheSpeechWhenTheExampleHasThem() {
        WordTimings words = new WordTimings(List.of(new WordTiming("a", 0, 0.1), new WordTiming("b", 0.1, 0.4)));
        ExampleLens lens = ExampleEngine.of(new HeadOnly(new LinearHead())).lens(run(words), new int[] {0, 1, 2}, 1,
                Monitor.NONE);
        assertEquals(TokenPairing.Method.REFERENCE_WORDS, lens.agreement().pairing().method());
        // a takes p0 alone, b takes p1..p3 (mean (1/3, 2/3), (2/3, 1/3), (0, 5/3) at layers 0, 1, 2)
        assertArrayEquals(new double[] {1, 0, 1}, lens.agreement().agreement(), 0);
        assertArrayEquals(new int[] {0, 0}, new int[] {lens.agreement().pairing().startOf(0),
            lens.agreement().pairing().startOf(1) - 1});
        assertEquals(4, lens.agreement().pairing().endOf(1));
    }

    @Test
    void onlyTheChosenLayersAreComputed() {
        LinearHead head = new LinearHead();
        ExampleLens lens = ExampleEngine.of(new HeadOnly(head)).lens(run(WordTimings.NONE), new int[] {0, 2}, 1,
                Monitor.NONE);
        assertArrayEquals(new int[] {0, 2}, lens.speech().layers());
        assertEquals(null, lens.speech().at(1));
        // text 2 tokens x 2 layers, speech 4 x 2, paired speech 2 x 2 (the text's top-1 is reused)
        assertEquals(4 + 8 + 4, head.rows);
    }

    @Test
    void aCancelStopsBetweenLayersAndAModelWithoutAHeadSaysSo() {
        Monitor cancelled = new Monitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        LinearHead head = new LinearHead();
        ExampleEngine engine = ExampleEngine.of(new HeadOnly(head));
        assertThrows(CancellationException.class, () -> engine.lens(run(WordTimings.NONE), new int[] {0, 1, 2}, 1,
                cancelled));
        assertEquals(2 * 3, head.rows, "the typed query's few tokens only; no speech layer was read");
        ExampleEngine headless = ExampleEngine.of(new HeadOnly(null));
        assertFalse(headless.hasLens());
        assertTrue(engine.hasLens());
        GapScopeException e = assertThrows(GapScopeException.class, () -> headless.lens(run(WordTimings.NONE),
                new int[] {0}, 1, Monitor.NONE));
        assertEquals("hand-made has no LM head to read the logit lens through", e.getMessage());
        GapScopeException bad = assertThrows(GapScopeException.class, () -> engine.lens(run(WordTimings.NONE),
                new int[] {3}, 1, Monitor.NONE));
        assertTrue(bad.getMessage().contains("layer 3 does not exist"), bad.getMessage());
    }
}
