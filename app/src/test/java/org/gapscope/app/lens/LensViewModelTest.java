package org.gapscope.app.lens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.ModelRunner;
import org.gapscope.figure.LensData;
import org.gapscope.figure.LensRenderer;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.lenses.LensHead;
import org.gapscope.lenses.TopTokens;
import org.junit.jupiter.api.Test;

import javafx.beans.property.SimpleObjectProperty;

/**
 * The lens view model on a hand-made 2 x 3 head and hand-made captures, every value worked out here:
 * the grid, the hover's top-k with probabilities (softmax written out), lens agreement, and that only
 * missing layers are read, only while the view is shown.
 */
class LensViewModelTest {

    private static final double[][] W = {{4, 0}, {0, 4}, {-4, -4}};
    private static final String[] NAMES = {"zero", "one", "two"};

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

    /** Logits W h, softmax, best first; counts rows. */
    private static final class Head implements LensHead {
        int rows;

        @Override
        public int vocabSize() {
            return 3;
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
                List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
                order.sort((a, b) -> Double.compare(p[b], p[a]));
                for (int j = 0; j < k; j++) {
                    ids[r][j] = order.get(j);
                    probs[r][j] = (float) p[order.get(j)];
                }
            }
            return new TopTokens(ids, probs);
        }

        @Override
        public String token(int id) {
            return NAMES[id];
        }
    }

    /** A model that has a head and nothing else: the view reads captures only. */
    private record HeadOnly(String name, LensHead head) implements ModelRunner {
        @Override
        public String modelName() {
            return name;
        }

        @Override
        public String fingerprint() {
            return name;
        }

        @Override
        public int hiddenStates() {
            return 3;
        }

        @Override
        public Optional<LensHead> lensHead() {
            return Optional.of(head);
        }

        @Override
        public SpeechInput speechInput(AudioClip clip) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public Answered text(String exampleId, String transcript, int maxTokens) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public float[][] textInputEmbeddings(String transcript) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
                StatisticalCalibration calibration) {
            throw new UnsupportedOperationException("the lens view reads captures only");
        }

        @Override
        public void close() {
        }
    }

    // text "a b" reads zero, one at every layer; speech at 0, 0.1, 0.2, 0.3 s
    private static final float[][][] TEXT = {{{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}, {{1, 0}, {0, 1}}};
    private static final float[][][] SPEECH = {
        {{1, 0}, {1, 0}, {0, 1}, {0, 1}},   // halves read zero, one: agreement 1
        {{0, 1}, {0, 1}, {1, 0}, {1, 0}},   // swapped: 0
        {{1, 0}, {0, 3}, {0, 1}, {0, 1}},   // a = mean(p0, p1) = (0.5, 1.5) reads one: 0.5
    };

    private static ExampleRun run(String model) {
        Example example = new Example("q1", Path.of("q1.wav"), "a b", List.of("x"), List.of(), "", "", 1);
        Capture speech = Capture.of(SPEECH, List.of("s0", "s1", "s2", "s3"), new float[] {0, 0.1f, 0.2f, 0.3f},
                new CaptureMeta(model, Modality.SPEECH, "q1", "test"));
        Capture text = Capture.of(TEXT, List.of("a", "b"), new float[0], new CaptureMeta(model, Modality.TEXT, "q1", "test"));
        return new ExampleRun(model, example, AudioClip.ofSamples(new float[6400]), new ModelRunner.Answered("x", speech),
                new ModelRunner.Answered("x", text), null, null, null);
    }

    private final Head head = new Head();
    private final SimpleObjectProperty<ExampleEngine> engine =
            new SimpleObjectProperty<>(ExampleEngine.of(new HeadOnly("hand-made", head)));
    private final LensViewModel lens = new LensViewModel(new Tasks(BackgroundExecutor.synchronous(), s -> { }), engine);

    @Test
    void readsEveryLayerOfASmallModelOnlyWhenShownAndDrawsGridAndAgreement() {
        lens.show(run("hand-made"));
        assertEquals(0, head.rows, "not read while the view is hidden");
        assertNull(lens.dataProperty().get());
        assertEquals(List.of(0, 1, 2), List.copyOf(lens.layers()), "a small model: every layer by default");
        lens.activeProperty().set(true);
        LensData d = lens.dataProperty().get();
        assertTrue(d != null, lens.messageProperty().get());
        assertArrayEquals(new int[] {0, 1, 2}, d.layers());
        assertArrayEquals(new double[] {1, 0, 0.5}, d.agreement(), 0);
        assertEquals("one", d.side("speech").top1(2, 1));
        assertEquals("zero", d.side("text").top1(2, 0));
        assertEquals(List.of("0.00 s", "0.10 s", "0.20 s", "0.30 s"), d.side("speech").labels());
        String summary = lens.summaryProperty().get();
        assertTrue(summary.startsWith("Lens agreement per layer: 0: 1.00 1: 0.00 2: 0.50"), summary);
        assertTrue(summary.contains("mean over the shown layers in 1..2: 0.250"), summary);
        assertTrue(summary.contains("proportional (the example has no word timings)"), summary);
        assertTrue(lens.messageProperty().get().startsWith("Read 3 layers in "), lens.messageProperty().get());
        assertEquals("lens-q1", lens.fileStem());
        assertEquals(d, ((LensRenderer) lens.figure()).data());
    }

    @Test
    void theHoverListsTopKWithProbabilitiesAndThePairedSpeech() {
        lens.activeProperty().set(true);
        lens.topProperty().set(2);
        lens.show(run("hand-made"));
        double[] p = softmax(0, 3);
        String expected = String.format(Locale.ROOT, "speech position 1 (0.10 s), layer 2: \u201cone\u201d %.3f \u00b7 "
                + "\u201czero\u201d %.3f", p[1], p[0]);
        assertEquals(expected, lens.describe(new LensRenderer.Cell("speech", 1, 2)));
        double[] q = softmax(1, 0);
        assertEquals(String.format(Locale.ROOT, "text token 0 \u201ca\u201d, layer 2: \u201czero\u201d %.3f \u00b7 "
                + "\u201cone\u201d %.3f; its paired speech reads \u201cone\u201d (differs)", q[0], q[1]),
                lens.describe(new LensRenderer.Cell("text", 0, 2)));
        assertTrue(lens.describe(new LensRenderer.Cell("text", 1, 0)).endsWith("reads \u201cone\u201d (agrees)"));
        assertEquals("", lens.describe(null));
    }

    @Test
    void onlyMissingLayersAreRead() {
        lens.show(run("hand-made"));
        lens.choose(List.of(0, 2));
        lens.activeProperty().set(true);
        // each layer: text 2 rows, speech 4, paired speech 2 (the text's top-1 is reused)
        assertEquals(2 * 8, head.rows);
        assertArrayEquals(new int[] {0, 2}, lens.dataProperty().get().layers());
        assertArrayEquals(new double[] {1, 0.5}, lens.dataProperty().get().agreement(), 0);
        lens.layers().add(1);
        assertEquals(3 * 8, head.rows, "a layer added is read alone");
        assertArrayEquals(new int[] {0, 1, 2}, lens.dataProperty().get().layers());
        lens.layers().remove(1);
        lens.layers().add(1);
        assertEquals(3 * 8, head.rows, "a layer hidden and shown again is not read again");
        lens.topProperty().set(3);
        assertEquals(6 * 8, head.rows, "another k reads the shown layers again");
        assertEquals(3, lens.dataProperty().get().side("speech").k(0, 0));
        lens.layers().clear();
        assertNull(lens.dataProperty().get());
        assertEquals("Choose at least one layer to read.", lens.messageProperty().get());
    }

    @Test
    void aLargeModelStartsWithFiveLayers() {
        assertEquals(List.of(0, 8, 16, 24, 32), LensViewModel.defaultLayers(33));
        assertEquals(List.of(0, 7, 14, 21, 28), LensViewModel.defaultLayers(29));
        assertEquals(List.of(0, 1, 2, 3, 4), LensViewModel.defaultLayers(5));
    }

    @Test
    void withoutTheRightModelTheViewSaysWhatToOpen() {
        lens.activeProperty().set(true);
        engine.set(null);
        lens.show(run("hand-made"));
        assertTrue(lens.messageProperty().get().startsWith("Open the model bundle to read the logit lens"),
                lens.messageProperty().get());
        engine.set(ExampleEngine.of(new HeadOnly("another", head)));
        assertEquals("This result is from hand-made, the open model is another: open hand-made to read its logit lens.",
                lens.messageProperty().get());
        assertEquals(0, head.rows);
        assertNull(lens.dataProperty().get());
        engine.set(ExampleEngine.of(new HeadOnly("hand-made", head)));
        assertArrayEquals(new int[] {0, 1, 2}, lens.dataProperty().get().layers(), "read once the right model is open");
    }

    @Test
    void theSessionKeepsKAndTheLayers() {
        lens.topProperty().set(7);
        lens.show(run("hand-made"));
        lens.layers().remove(0);
        LensSession saved = lens.sessionPart().save();
        assertEquals(new LensSession(7, List.of(1, 2)), saved);
        LensViewModel other = new LensViewModel(new Tasks(BackgroundExecutor.synchronous(), s -> { }), engine);
        other.sessionPart().restore(saved);
        other.show(run("hand-made"));
        assertEquals(7, other.topProperty().get());
        assertEquals(List.of(1, 2), List.copyOf(other.layers()));
    }
}
