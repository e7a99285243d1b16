package org.gapscope.engine;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.Provenance;
import org.gapscope.capture.Capture;
import org.gapscope.dataset.Example;
import org.gapscope.lenses.CkaMatrix;
import org.gapscope.lenses.ExampleCka;
import org.gapscope.lenses.ExamplePairing;
import org.gapscope.lenses.TokenPairing;

/**
 * Cross-layer CKA of one run example (Hsu et al. 2026) beside GapScope's control, as {@code evaluate}
 * pairs them: matched = the example's speech against its own text, paired by its reference word timings
 * when it has them (else proportionally); mismatched = its speech against the text of its control partner
 * (the {@link ControlPairs} derangement), paired proportionally.
 *
 * @param pairing     how the matched pair's speech positions were paired with its text tokens
 * @param matched     CKA of the matched pair
 * @param mismatched  CKA of the mismatched pair, or null when there is no control (see {@code controlNote})
 * @param partner     the control partner's id, or null when there is none
 * @param controlNote why there is no control, or {@code ""}
 */
public record CkaOfExample(TokenPairing pairing, CkaMatrix matched, CkaMatrix mismatched, String partner,
        String controlNote) {

    /** Validates. */
    public CkaOfExample {
        Objects.requireNonNull(pairing, "pairing");
        Objects.requireNonNull(matched, "matched");
        controlNote = controlNote == null ? "" : controlNote;
        if (mismatched != null && mismatched.layerCount() != matched.layerCount()) {
            throw new IllegalArgumentException("mismatched CKA has " + mismatched.layerCount() + " layers, matched "
                    + matched.layerCount());
        }
    }

    /** Matched minus mismatched, entry by entry (NaN where either is undefined), or null without a control. */
    public double[][] difference() {
        return mismatched == null ? null : matched.minus(mismatched);
    }

    /** The pairing of {@code run}'s own speech and text, as {@code evaluate} makes it for the example. */
    public static TokenPairing pairing(ExampleRun run) {
        Example e = run.example();
        return ExamplePairing.of("example " + e.id(), e.transcript(), e.words(), run.speech().capture().length(),
                run.text().capture().length(), run.text().tokens(), run.speech().times(), run.clip().durationSeconds());
    }

    /**
     * The matched CKA of {@code run} and, when {@code partnerText} is given, the mismatched CKA of its speech
     * against that text (computed here, on the caller's thread).
     *
     * @param partner     the partner's id (null when there is none)
     * @param partnerText the partner's text capture, or null
     * @param controlNote why there is no control (when {@code partnerText} is null)
     */
    public static CkaOfExample of(ExampleRun run, String partner, Capture partnerText, String controlNote) {
        TokenPairing pairing = pairing(run);
        Provenance base = run.analysis().provenance();
        HiddenStates speech = run.speech().states();
        CkaMatrix matched = ExampleCka.compute(speech, run.text().states(), pairing, base.withMetric("cka"));
        if (partnerText == null || partnerText.length() == 0) {
            return new CkaOfExample(pairing, matched, null, null,
                    partnerText == null ? controlNote : "the partner's text has no tokens");
        }
        CkaMatrix mismatched = ExampleCka.compute(speech, partnerText.asHiddenStates(),
                TokenPairing.proportional(speech.tokenCount(), partnerText.length()),
                new Provenance(base.model(), run.example().id() + "|" + partner, "cka_mismatched", base.layers(),
                        base.programVersion()));
        return new CkaOfExample(pairing, matched, mismatched, partner, "");
    }

    /**
     * Through a live model: the matched CKA of {@code run}, and the control against the typed query of
     * {@code partner} run now (null partner: no control, with {@code noPartner} as the note). A control
     * that fails leaves the matched CKA with the reason as the note.
     */
    public static CkaOfExample live(ExampleEngine engine, ExampleRun run, Example partner, String noPartner,
            Monitor monitor) {
        if (partner == null) {
            return of(run, null, null, noPartner);
        }
        Capture text;
        try {
            monitor.checkCancelled();
            text = engine.text(partner.id(), partner.transcript()).capture();
            monitor.checkCancelled();
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            // the matched matrix does not need the control: it is shown with the reason there is none
            return of(run, null, null, "the control's typed query of " + partner.id() + " failed: "
                    + (e instanceof GapScopeException ? e.getMessage() : e.toString()));
        }
        return of(run, partner.id(), text, "");
    }

    /**
     * From an opened run folder: the matched CKA of the loaded example on dataset line {@code line}, and
     * the control against its partner's stored text capture ({@link StoredRun#controlText}).
     */
    public static CkaOfExample stored(StoredRun stored, ExampleRun run, int line) {
        Map.Entry<StoredRun.Entry, Capture> partner;
        try {
            partner = stored.controlText(line);
        } catch (GapScopeException e) {
            return of(run, null, null, e.getMessage());
        }
        return of(run, partner.getKey().record().id(), partner.getValue(), "");
    }
}
