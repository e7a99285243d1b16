package org.gapscope.lenses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Provenance;

/**
 * Cross-layer CKA over a dataset: every example's paired tokens stacked (n = sum of T_t), matched
 * (speech i with text i, each example's own pairing) and GapScope's mismatched-pair control (speech
 * i with text sigma(i), proportional pairing, sigma the seeded derangement of
 * {@link MismatchedPairControl}).
 *
 * @param matched     CKA of the matched pairs
 * @param mismatched  CKA of the mismatched pairs (the control)
 * @param derangement sigma
 * @param seed        the seed sigma was drawn with
 * @param control     the control's label (GapScope's, not the paper's)
 */
public record DatasetCka(CkaMatrix matched, CkaMatrix mismatched, int[] derangement, long seed, String control) {

    /** Validates and copies. */
    public DatasetCka {
        Objects.requireNonNull(matched, "matched");
        Objects.requireNonNull(mismatched, "mismatched");
        Objects.requireNonNull(control, "control");
        derangement = derangement.clone();
    }

    @Override
    public int[] derangement() {
        return derangement.clone();
    }

    /** Matched minus mismatched, entry by entry (NaN where either is undefined). */
    public double[][] difference() {
        return matched.minus(mismatched);
    }

    /**
     * Computes both matrices. Each example's hidden states are asked for once per side and kept (as the
     * views the functions return) while the layers are read one at a time.
     *
     * @param model    model name for the provenance
     * @param dataset  dataset name for the provenance
     * @param n        the number of examples (at least 2, for the control)
     * @param speech   speech hidden states of example i
     * @param text     text hidden states of example i
     * @param pairing  the pairing of example i (e.g. by its word timings), made for speech(i) and text(i)
     * @param averaged the layers diagonal means and band summaries average over
     * @param seed     the control's seed
     */
    public static DatasetCka compute(String model, String dataset, int n, IntFunction<HiddenStates> speech,
            IntFunction<HiddenStates> text, IntFunction<TokenPairing> pairing, LayerRange averaged, long seed) {
        int[] sigma = MismatchedPairControl.derangement(n, seed);
        List<HiddenStates> speeches = new ArrayList<>(n);
        List<HiddenStates> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            speeches.add(speech.apply(i));
            texts.add(text.apply(i));
        }
        List<HiddenStates> paired = new ArrayList<>(n);
        List<HiddenStates> controlSpeech = new ArrayList<>(n);
        List<HiddenStates> controlText = new ArrayList<>(n);
        Map<String, Integer> methods = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            TokenPairing p = pairing.apply(i);
            if (p.textTokens() != texts.get(i).tokenCount()) {
                throw new GapScopeException("example " + i + ": the pairing covers " + p.textTokens() + " text tokens, "
                        + texts.get(i).name() + " has " + texts.get(i).tokenCount());
            }
            paired.add(PairedSpeech.of(speeches.get(i), p));
            methods.merge(p.method().key(), 1, Integer::sum);
            HiddenStates other = texts.get(sigma[i]);
            controlSpeech.add(PairedSpeech.of(speeches.get(i),
                    TokenPairing.proportional(speeches.get(i).tokenCount(), other.tokenCount())));
            controlText.add(other);
        }
        String version = GapScopeVersion.get();
        CkaMatrix matched = CrossLayerCka.compute(StackedHiddenStates.of("speech (paired)", paired),
                StackedHiddenStates.of("text", texts), describe(methods),
                new Provenance(model, dataset, "cka", averaged, version));
        CkaMatrix mismatched = CrossLayerCka.compute(StackedHiddenStates.of("speech (mismatched)", controlSpeech),
                StackedHiddenStates.of("text (mismatched)", controlText), TokenPairing.Method.PROPORTIONAL.key(),
                new Provenance(model, dataset, "cka_mismatched", averaged, version));
        return new DatasetCka(matched, mismatched, sigma, seed, MismatchedPairControl.LABEL);
    }

    /** {@code proportional}, {@code reference_words}, or e.g. {@code reference_words for 40 examples, proportional for 24}. */
    private static String describe(Map<String, Integer> methods) {
        if (methods.size() == 1) {
            return methods.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        methods.forEach((k, v) -> parts.add(k + " for " + v + (v == 1 ? " example" : " examples")));
        return String.join(", ", parts);
    }
}
