package org.gapscope.app.cka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.app.model.ForwardingRunner;
import org.gapscope.app.model.SyntheticModel;
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
import org.gapscope.engine.StoredRun;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.CkaRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javafx.beans.property.SimpleObjectProperty;

/**
 * The CKA view model on a hand-made pair: 3 hidden states of width 4, a spoken query of 6 positions,
 * its 3-token text (text layer 2 the same row three times, so its column is undefined) and a partner's
 * 4-token text; every matrix, hover read-out, diagonal mean and band width checked against CKA computed
 * here, in double, from METHOD.md's formula (proportional pairing, columns centred, d x d products).
 */
class CkaViewModelTest {

    private static final String MODEL = "tiny";
    private static final int K = 3;
    private static final int D = 4;
    private static final int TS = 6;

    private final SplittableRandom random = new SplittableRandom(7);
    private float[][][] speech;
    private float[][][] text;
    private float[][][] partnerText;
    private ExampleRun run;
    private Example partner;
    private CkaViewModel viewModel;
    private final List<String> partnerQueries = new ArrayList<>();

    private float[][][] states(int tokens) {
        float[][][] h = new float[K][tokens][D];
        for (float[][] layer : h) {
            for (float[] row : layer) {
                for (int k = 0; k < D; k++) {
                    row[k] = (float) random.nextGaussian();
                }
            }
        }
        return h;
    }

    @BeforeEach
    void setUp() {
        speech = states(TS);
        text = states(3);
        for (int j = 1; j < 3; j++) {
            text[2][j] = text[2][0].clone(); // a constant text layer: CKA(., 2) is undefined
        }
        partnerText = states(4);
        float[] times = {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
        Capture s = Capture.of(speech, List.of("", "", "", "", "", ""), times, new CaptureMeta(MODEL, Modality.SPEECH, "q", "test"));
        Capture t = Capture.of(text, List.of("one", "two", "three"), new float[0],
                new CaptureMeta(MODEL, Modality.TEXT, "q", "test"));
        Example example = new Example("q", null, "one two three", List.of("x"), List.of(), "", "", 1);
        partner = new Example("p", null, "four five six seven", List.of("y"), List.of(), "", "", 2);
        ExampleAnalysis analysis = ExampleAnalyzer.analyze(s.asHiddenStates(), t.asHiddenStates(),
                AnalysisSettings.defaults(), MODEL, "q");
        run = new ExampleRun(MODEL, example, AudioClip.ofSamples(new float[9600]), new ModelRunner.Answered("a", s),
                new ModelRunner.Answered("b", t), analysis, null, null);
        Capture pt = Capture.of(partnerText, List.of("four", "five", "six", "seven"), new float[0],
                new CaptureMeta(MODEL, Modality.TEXT, "p", "test"));
        ModelRunner runner = new ForwardingRunner(new SyntheticModel(MODEL, Map.of(), Map.of())) {
            @Override
            public Answered text(String exampleId, String transcript, int maxTokens) {
                partnerQueries.add(exampleId + ": " + transcript);
                return new Answered("c", pt);
            }
        };
        viewModel = new CkaViewModel(new Tasks(BackgroundExecutor.synchronous(), m -> { }), (e, m) -> partner,
                new SimpleObjectProperty<>(new ExampleEngine(runner, 32)), new SimpleObjectProperty<StoredRun>());
    }

    // ---- CKA written out from METHOD.md, in double ----

    /** Proportional slices: token j takes positions floor(j Ts/Tt) up to max(floor((j+1) Ts/Tt), start + 1). */
    private static double[][] paired(float[][] speechLayer, int tokens) {
        int ts = speechLayer.length;
        double[][] x = new double[tokens][D];
        for (int j = 0; j < tokens; j++) {
            int from = j * ts / tokens;
            int to = Math.max((j + 1) * ts / tokens, from + 1);
            for (int i = from; i < to; i++) {
                for (int k = 0; k < D; k++) {
                    x[j][k] += speechLayer[i][k] / (double) (to - from);
                }
            }
        }
        return x;
    }

    private static double[][] centred(double[][] m) {
        double[][] c = new double[m.length][D];
        for (int k = 0; k < D; k++) {
            double mean = 0;
            for (double[] row : m) {
                mean += row[k] / m.length;
            }
            for (int r = 0; r < m.length; r++) {
                c[r][k] = m[r][k] - mean;
            }
        }
        return c;
    }

    private static double[][] rows(float[][] layer) {
        double[][] m = new double[layer.length][D];
        for (int r = 0; r < layer.length; r++) {
            for (int k = 0; k < D; k++) {
                m[r][k] = layer[r][k];
            }
        }
        return m;
    }

    /** ||A^T B||_F^2. */
    private static double cross(double[][] a, double[][] b) {
        double s = 0;
        for (int p = 0; p < D; p++) {
            for (int q = 0; q < D; q++) {
                double v = 0;
                for (int r = 0; r < a.length; r++) {
                    v += a[r][p] * b[r][q];
                }
                s += v * v;
            }
        }
        return s;
    }

    private static double cka(double[][] x, double[][] y) {
        double[][] xc = centred(x);
        double[][] yc = centred(y);
        double den = Math.sqrt(cross(xc, xc)) * Math.sqrt(cross(yc, yc));
        return den < 1e-9 ? Double.NaN : cross(yc, xc) / den;
    }

    private double[][] expected(float[][][] textSide) {
        double[][] m = new double[K][K];
        for (int a = 0; a < K; a++) {
            for (int b = 0; b < K; b++) {
                m[a][b] = cka(paired(speech[a], textSide[b].length), rows(textSide[b]));
            }
        }
        return m;
    }

    private static void assertMatrix(double[][] expected, CkaData data) {
        assertEquals(expected.length, data.size());
        for (int a = 0; a < expected.length; a++) {
            for (int b = 0; b < expected.length; b++) {
                if (Double.isNaN(expected[a][b])) {
                    assertTrue(Double.isNaN(data.at(a, b)), "undefined at " + a + "," + b + ": " + data.at(a, b));
                } else {
                    assertEquals(expected[a][b], data.at(a, b), 2e-5, "cell " + a + "," + b);
                }
            }
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    @Test
    void theMatchedMatrixIsTheExamplesOwnPairAndHoverNamesLayersAndValue() {
        viewModel.show(run);
        CkaData data = viewModel.dataProperty().get();
        assertNotNull(data, viewModel.messageProperty().get());
        assertEquals(CkaData.Panel.MATCHED, data.panel());
        double[][] matched = expected(text);
        assertMatrix(matched, data);
        assertTrue(Double.isNaN(matched[1][2]), "the fixture has an undefined column");

        viewModel.hoverAt(1, 0);
        assertEquals("speech layer 1 \u00b7 text layer 0 \u00b7 CKA " + f(matched[1][0])
                + (matched[1][0] >= 0.9 * Math.max(matched[1][0], matched[1][1]) ? " (in speech layer 1's band)" : ""),
                viewModel.hoverProperty().get());
        viewModel.hoverAt(1, 2);
        assertEquals("speech layer 1 \u00b7 text layer 2 \u00b7 CKA undefined", viewModel.hoverProperty().get());
        viewModel.hoverAt(-1, -1);
        assertEquals("", viewModel.hoverProperty().get());

        String details = viewModel.detailsProperty().get();
        assertTrue(details.contains("Hsu et al. 2026"), details);
        assertTrue(details.contains("Pairing: proportional; n = 3 paired tokens."), details);
        double[][] mismatched = expected(partnerText);
        // diagonal mean over layers 1..2: layer 2's diagonal is undefined, so it is layer 1's alone
        double dm = matched[1][1];
        double mm = (mismatched[1][1] + mismatched[2][2]) / 2;
        assertTrue(details.contains("Diagonal mean over layers 1\u20132: matched " + f(dm) + " \u00b7 mismatched " + f(mm)
                + " \u00b7 difference " + f(dm - mm)), details);
        assertTrue(details.contains("matched 0: " + band(matched[0]) + " \u00b7 1: " + band(matched[1]) + " \u00b7 2: "
                + band(matched[2])), details);
        assertTrue(details.contains("against the text of p"), details);
        assertEquals(List.of("p: four five six seven"), partnerQueries, "the partner's typed query ran once");
    }

    /** How many defined entries reach 0.9 of the row's largest. */
    private static int band(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        int n = 0;
        for (double v : row) {
            if (!Double.isNaN(v) && v >= 0.9 * max) {
                n++;
            }
        }
        return n;
    }

    @Test
    void mismatchedIsTheSpeechAgainstThePartnersTextAndDifferenceIsTheirDifference() {
        viewModel.show(run);
        double[][] matched = expected(text);
        double[][] mismatched = expected(partnerText);
        viewModel.panelProperty().set(CkaData.Panel.MISMATCHED);
        assertMatrix(mismatched, viewModel.dataProperty().get());
        assertEquals("cka-mismatched-q", viewModel.fileStem());

        viewModel.panelProperty().set(CkaData.Panel.DIFFERENCE);
        double[][] difference = new double[K][K];
        for (int a = 0; a < K; a++) {
            for (int b = 0; b < K; b++) {
                difference[a][b] = matched[a][b] - mismatched[a][b];
            }
        }
        assertMatrix(difference, viewModel.dataProperty().get());
        viewModel.hoverAt(2, 0);
        assertEquals("speech layer 2 \u00b7 text layer 0 \u00b7 matched \u2212 mismatched " + f(difference[2][0])
                + " (matched " + f(matched[2][0]) + ", mismatched " + f(mismatched[2][0]) + ")",
                viewModel.hoverProperty().get());
        viewModel.hoverAt(0, 2);
        assertTrue(viewModel.hoverProperty().get().contains("matched \u2212 mismatched undefined (matched undefined, "
                + "mismatched " + f(mismatched[0][2]) + ")"), viewModel.hoverProperty().get());
        CkaRenderer figure = assertInstanceOf(CkaRenderer.class, viewModel.figure());
        assertEquals(CkaData.Panel.DIFFERENCE, figure.data().panel());
        assertEquals(1, partnerQueries.size(), "switching panels computes nothing again");
    }

    @Test
    void withoutAPartnerOnlyTheMatchedPanelDrawsAndSaysWhy() {
        viewModel = new CkaViewModel(new Tasks(BackgroundExecutor.synchronous(), m -> { }), (e, m) -> null,
                new SimpleObjectProperty<>(), new SimpleObjectProperty<>());
        viewModel.show(run);
        assertMatrix(expected(text), viewModel.dataProperty().get());
        assertTrue(viewModel.detailsProperty().get().contains("No mismatched control: the model that ran this example "
                + "is not open"), viewModel.detailsProperty().get());
        viewModel.panelProperty().set(CkaData.Panel.DIFFERENCE);
        assertNull(viewModel.dataProperty().get());
        assertNull(viewModel.figure(), "nothing to export");
        assertTrue(viewModel.messageProperty().get().startsWith("The difference panel needs GapScope's mismatched control."),
                viewModel.messageProperty().get());
    }

    @Test
    void aFailingControlLeavesTheMatchedMatrixAndSaysWhy() {
        ModelRunner failing = new ForwardingRunner(new SyntheticModel(MODEL, Map.of(), Map.of())) {
            @Override
            public Answered text(String exampleId, String transcript, int maxTokens) {
                throw new IllegalStateException("native error");
            }
        };
        viewModel = new CkaViewModel(new Tasks(BackgroundExecutor.synchronous(), m -> { }), (e, m) -> partner,
                new SimpleObjectProperty<>(new ExampleEngine(failing, 32)), new SimpleObjectProperty<>());
        viewModel.show(run);
        assertMatrix(expected(text), viewModel.dataProperty().get());
        assertTrue(viewModel.detailsProperty().get().contains("No mismatched control: the control's typed query of p "
                + "failed: java.lang.IllegalStateException: native error."), viewModel.detailsProperty().get());
        viewModel.panelProperty().set(CkaData.Panel.MISMATCHED);
        assertNull(viewModel.dataProperty().get());
    }

    @Test
    void anInactiveViewComputesWhenShownAndTheSessionKeepsItsChoice() {
        viewModel.activeProperty().set(false);
        viewModel.show(run);
        assertNull(viewModel.dataProperty().get());
        assertTrue(partnerQueries.isEmpty(), "nothing runs while the tab is hidden");
        viewModel.activeProperty().set(true);
        assertNotNull(viewModel.dataProperty().get());
        assertEquals(1, partnerQueries.size());

        viewModel.panelProperty().set(CkaData.Panel.DIFFERENCE);
        CkaSession saved = viewModel.sessionPart().save();
        assertEquals(new CkaSession("difference", "example"), saved);
        viewModel.panelProperty().set(CkaData.Panel.MATCHED);
        viewModel.sessionPart().restore(new CkaSession("mismatched", "dataset"));
        assertEquals(CkaData.Panel.MISMATCHED, viewModel.panelProperty().get());
        assertEquals(CkaViewModel.Scope.DATASET, viewModel.scopeProperty().get());
        assertNull(viewModel.dataProperty().get(), "no run folder is open");
        assertTrue(viewModel.messageProperty().get().contains("Open a run folder"), viewModel.messageProperty().get());
        viewModel.sessionPart().restore(new CkaSession("sideways", null));
        assertEquals(CkaData.Panel.MISMATCHED, viewModel.panelProperty().get(), "an unknown panel keeps the current one");
        assertFalse(viewModel.datasetAvailableProperty().get());
    }
}
