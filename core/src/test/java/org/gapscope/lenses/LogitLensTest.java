package org.gapscope.lenses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.ArrayHiddenStates;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logit lens and lens agreement by hand and against NumPy, with a look-alike head. */
class LogitLensTest {

    @TempDir
    Path dir;

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void agreementByHand() {
        // a head that reads the argmax component: d = V = 3, identity weights, unit gain
        RmsLinearHead head = new RmsLinearHead(new float[] {1, 1, 1},
                new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, 1e-6);
        // speech: 4 positions, text 2 tokens -> slices {0, 1} and {2, 3}
        float[] speech = {5, 0, 0, 3, 1, 0, 0, 0, 9, 0, 1, 0};
        float[] text = {1, 0, 0, 0, 2, 0};   // token 0 reads as 0 (agrees with mean (4, .5, 0)), token 1 as 1
        HiddenStates s = ArrayHiddenStates.wrap("s", 4, 3, new float[][] {speech});
        HiddenStates t = ArrayHiddenStates.wrap("t", 2, 3, new float[][] {text});
        LensAgreement a = LogitLens.agreement(s, t, TokenPairing.proportional(4, 2), new int[] {0}, head, null);
        // paired speech: (4, 0.5, 0) -> 0, (0, 0.5, 4.5) -> 2; text: 0, 1 -> one of two agree
        assertArrayEquals(new int[] {0, 2}, a.speechTop1()[0]);
        assertArrayEquals(new int[] {0, 1}, a.textTop1()[0]);
        assertEquals(0.5, a.agreement()[0], 1e-12);
        LensReadout r = LogitLens.read("speech", s, names("s", 4), new int[] {0}, 2, head);
        assertEquals(0, r.at(0).top1(0));
        assertEquals(0, r.at(0).top1(1));
        assertEquals(2, r.at(0).top1(2));
        assertEquals(1, r.at(0).top1(3));
        assertThrows(GapScopeException.class, () -> LogitLens.read("speech", s, names("s", 4), new int[] {1}, 1, head));
        // only layer 0 compared: no layer of 1..L to average, so the mean is undefined
        assertTrue(Double.isNaN(a.mean(new LayerRange(1, 4))));
        assertEquals(0.5, a.mean(new LayerRange(0, 4)), 1e-12);
    }

    @Test
    void topTokensProbabilitiesAndAgreementAgreeWithNumpy() {
        SplittableRandom r = new SplittableRandom(17);
        int layers = 4;
        int ts = 26;
        int tt = 6;
        int d = 8;
        int v = 40;
        float[][] s = LensFixtures.states(r, layers, ts, d, 0.5);
        float[][] t = LensFixtures.followingText(r, s, TokenPairing.proportional(ts, tt), d, 0.3);
        float[] gain = new float[d];
        for (int c = 0; c < d; c++) {
            gain[c] = (float) (0.5 + r.nextDouble());
        }
        float[][] w = new float[v][d];
        float[] wFlat = new float[v * d];
        for (int a = 0; a < v; a++) {
            for (int c = 0; c < d; c++) {
                w[a][c] = (float) (2 * LensFixtures.gaussian(r));
                wFlat[a * d + c] = w[a][c];
            }
        }
        RmsLinearHead head = new RmsLinearHead(gain, w, 1e-6);
        int[] chosen = {0, 2, 3};
        HiddenStates speech = LensFixtures.hidden("s", s, ts, d);
        HiddenStates text = LensFixtures.hidden("t", t, tt, d);
        LensReadout rs = LogitLens.read("speech", speech, names("s", ts), chosen, 3, head);
        LensReadout rt = LogitLens.read("text", text, names("t", tt), chosen, 3, head);
        int before = head.rowsSeen;
        LensAgreement agreement = LogitLens.agreement(speech, text, TokenPairing.proportional(ts, tt), chosen, head, rt);
        assertEquals(tt * chosen.length, head.rowsSeen - before, "the text's top-1 comes from its read-out");

        Path gp = dir.resolve("gain.npy");
        Npy.write(gp, NpyArray.ofFloats(gain, d));
        Path wp = dir.resolve("weight.npy");
        Npy.write(wp, NpyArray.ofFloats(wFlat, v, d));
        JsonObject spec = new JsonObject();
        spec.addProperty("speech", LensFixtures.npy(dir.resolve("s.npy"), s, ts, d).toString());
        spec.addProperty("text", LensFixtures.npy(dir.resolve("t.npy"), t, tt, d).toString());
        spec.addProperty("gain", gp.toString());
        spec.addProperty("weight", wp.toString());
        spec.addProperty("eps", 1e-6);
        spec.addProperty("top", 3);
        spec.add("layers", LensFixtures.ints(chosen));
        JsonObject ref = LensFixtures.reference(dir, "lens", spec);
        for (LensReadout readout : List.of(rs, rt)) {
            JsonArray expected = ref.getAsJsonArray(readout.side());
            for (int i = 0; i < chosen.length; i++) {
                JsonObject layer = expected.get(i).getAsJsonObject();
                assertEquals(chosen[i], layer.get("layer").getAsInt());
                TopTokens top = readout.perLayer().get(i);
                for (int p = 0; p < top.rows(); p++) {
                    for (int k = 0; k < 3; k++) {
                        String where = readout.side() + " layer " + chosen[i] + " position " + p + " rank " + k;
                        assertEquals(layer.getAsJsonArray("ids").get(p).getAsJsonArray().get(k).getAsInt(),
                                top.id(p, k), where);
                        assertEquals(layer.getAsJsonArray("probs").get(p).getAsJsonArray().get(k).getAsDouble(),
                                top.probability(p, k), 1e-6, where);
                    }
                }
            }
        }
        JsonArray share = ref.getAsJsonArray("agreement");
        double sum = 0;
        for (int i = 0; i < chosen.length; i++) {
            assertEquals(share.get(i).getAsDouble(), agreement.agreement()[i], 1e-12, "agreement at " + chosen[i]);
            sum += chosen[i] >= 1 ? share.get(i).getAsDouble() : 0;
        }
        assertEquals(sum / 2, agreement.mean(new LayerRange(1, 3)), 1e-12);
        assertTrue(agreement.agreement()[2] > 0, "text that follows its speech reads alike at some layer");
    }
}
