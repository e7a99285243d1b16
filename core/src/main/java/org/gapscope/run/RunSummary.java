package org.gapscope.run;

import java.util.ArrayList;
import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.Score;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The headline numbers of an analysed run's {@code summary.json} (docs/evaluation.md): accuracy of the
 * typed and the spoken query, the GAP, and every score's dataset mean with its mismatched-pair control,
 * as the explorer's dataset view shows them without running the model.
 *
 * @param model          the model's name
 * @param dataset        the example set's name
 * @param entries        dataset lines of the run
 * @param evaluated      examples that ran in both modalities
 * @param failed         examples that failed
 * @param textAccuracy   percent of typed queries answered correctly (NaN when none was evaluated)
 * @param speechAccuracy percent of spoken queries answered correctly (NaN when none was evaluated)
 * @param gap            text − speech accuracy, in points (NaN when undefined)
 * @param scores         each score with its control, in {@link Score} order (empty when the run has none)
 * @param control        the control's label
 * @param level          the confidence level of the margins' intervals (e.g. 0.95)
 * @param note           the summary's note (e.g. captures of some hidden states only), or {@code ""}
 */
public record RunSummary(String model, String dataset, int entries, int evaluated, int failed, double textAccuracy,
        double speechAccuracy, double gap, List<ScoreLine> scores, String control, double level, String note) {

    /**
     * One score of the summary.
     *
     * @param score        which score
     * @param matched      the dataset mean over matched pairs
     * @param mismatched   the mean over the control's pairs
     * @param margin       matched − mismatched
     * @param lower        the margin interval's lower end
     * @param upper        the margin interval's upper end
     * @param excludesZero whether that interval excludes 0
     * @param examples     examples where the score is defined
     */
    public record ScoreLine(Score score, double matched, double mismatched, double margin, double lower, double upper,
            boolean excludesZero, int examples) {
    }

    /** Copies the list. */
    public RunSummary {
        scores = List.copyOf(scores);
    }

    /** Reads the keys the explorer shows; {@code where} names the file in errors. */
    public static RunSummary of(JsonObject o, String where) {
        try {
            JsonObject examples = object(o, "examples");
            JsonObject accuracy = object(o, "accuracy");
            List<ScoreLine> lines = new ArrayList<>();
            JsonObject scores = object(o, "scores");
            for (Score s : Score.values()) {
                JsonObject one = object(scores, s.key());
                if (one.size() == 0) {
                    continue;
                }
                JsonArray ci = one.has("margin_ci") && one.get("margin_ci").isJsonArray()
                        ? one.getAsJsonArray("margin_ci") : new JsonArray();
                lines.add(new ScoreLine(s, number(one, "matched"), number(one, "mismatched"), number(one, "margin"),
                        ci.size() == 2 ? value(ci.get(0)) : Double.NaN, ci.size() == 2 ? value(ci.get(1)) : Double.NaN,
                        one.has("margin_excludes_zero") && one.get("margin_excludes_zero").getAsBoolean(),
                        (int) number(one, "examples")));
            }
            JsonObject control = object(o, "control");
            return new RunSummary(text(o, "model"), text(o, "dataset"), (int) number(examples, "entries"),
                    (int) number(examples, "evaluated"), (int) number(examples, "failed"),
                    number(object(accuracy, "text"), "percent"), number(object(accuracy, "speech"), "percent"),
                    number(o, "gap"), lines, text(control, "label"),
                    control.has("level") ? number(control, "level") : 0.95, text(o, "note"));
        } catch (RuntimeException e) {
            throw new GapScopeException(where + ": not a summary GapScope can show (" + e.getMessage() + ")", e);
        }
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    private static double number(JsonObject o, String key) {
        return value(o.get(key));
    }

    private static double value(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
}
