package org.gapscope.evaluation;

import java.util.Optional;

import org.gapscope.analysis.Score;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A dataset-level number {@code compare} regresses GAP on: the paper's S and APS (matched pairs), and the
 * other lenses where a run's summary has them: the cross-layer CKA diagonal mean (Hsu et al. 2026) and the
 * ALAS-style hit rate (cosine path, mean over the averaged layers) and lens agreement (mean over the
 * averaged layers; only in runs evaluated with {@code --lens}).
 */
public enum GapPredictor {
    /** S, cosine. */
    COSINE(Score.COSINE, "S (cosine)"),
    /** S, Euclidean. */
    EUCLIDEAN(Score.EUCLIDEAN, "S (Euclidean)"),
    /** APS on the cosine paths. */
    APS_COSINE(Score.APS_COSINE, "APS (cosine)"),
    /** APS on the Euclidean paths. */
    APS_EUCLIDEAN(Score.APS_EUCLIDEAN, "APS (Euclidean)"),
    /** summary.json {@code cka_diagonal_mean}. */
    CKA_DIAGONAL(null, "CKA diagonal mean (Hsu et al. 2026)"),
    /** summary.json {@code hit_rate.cosine.mean_hit}. */
    HIT_RATE(null, "hit rate (ALAS-style, cosine)"),
    /** summary.json {@code lens_agreement.mean} ({@code evaluate --lens}). */
    LENS_AGREEMENT(null, "lens agreement (logit lens, nostalgebraist 2020)");

    private final Score score;
    private final String label;

    GapPredictor(Score score, String label) {
        this.score = score;
        this.label = label;
    }

    /** The name in compare's files: the score's key, {@code cka_diagonal_mean}, {@code hit_rate} or {@code lens_agreement}. */
    public String key() {
        return switch (this) {
            case CKA_DIAGONAL -> "cka_diagonal_mean";
            case HIT_RATE -> "hit_rate";
            case LENS_AGREEMENT -> "lens_agreement";
            default -> score.key();
        };
    }

    /** The name in tables and figures, with the lens's source. */
    public String label() {
        return label;
    }

    /** The paper's score this is, if it is one. */
    public Optional<Score> score() {
        return Optional.ofNullable(score);
    }

    /** Whether this is one of the other lenses (fitted only where some run has it). */
    public boolean isLens() {
        return score == null;
    }

    /** The run's value (matched pairs), NaN when its summary has none. */
    public double value(ComparedRun run) {
        if (score != null) {
            return run.matched(score);
        }
        JsonObject s = run.summary();
        return switch (this) {
            case CKA_DIAGONAL -> number(at(s, "cka_diagonal_mean"));
            case HIT_RATE -> number(at(s, "hit_rate", "cosine", "mean_hit"));
            case LENS_AGREEMENT -> number(at(s, "lens_agreement", "mean"));
            default -> Double.NaN;
        };
    }

    /** The control's value where the summary has one (the mismatched pairs), else NaN. */
    public double mismatched(ComparedRun run) {
        if (score != null) {
            return run.mismatched(score);
        }
        return this == CKA_DIAGONAL ? number(run.summary().get("cka_mismatched_diagonal_mean")) : Double.NaN;
    }

    /** The element at {@code keys} inside {@code o}, or null where any is missing. */
    private static JsonElement at(JsonObject o, String... keys) {
        JsonElement e = o;
        for (String k : keys) {
            if (e == null || !e.isJsonObject()) {
                return null;
            }
            e = e.getAsJsonObject().get(k);
        }
        return e;
    }

    private static double number(JsonElement e) {
        return e == null || !e.isJsonPrimitive() ? Double.NaN : ScoresJson.number(e);
    }
}
