package org.gapscope.evaluation;

import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.MultipleChoice;
import org.gapscope.run.RunRecord;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Scores the answers a run folder records, with the rules of docs/dataset-format.md, from the
 * record's own {@code gold} (and {@code choices}): so the answers of a run written by another program
 * are judged exactly as {@code evaluate} judges its own.
 */
final class AnswerScoring {

    private AnswerScoring() {
    }

    /**
     * The example a record stands for, as far as scoring needs it; for multiple choice the gold answer
     * may be the correct letter or the text of the correct choice.
     */
    static Example example(RunRecord r, String where) {
        List<String> gold = r.gold();
        if (!r.choices().isEmpty()) {
            if (r.choices().size() < 2) {
                throw new GapScopeException(where + ": \"choices\" needs at least two options");
            }
            String first = gold.get(0);
            String letter = MultipleChoice.correctLetter(first, r.choices()).orElseThrow(() ->
                    new GapScopeException(where + ": the gold answer \"" + first
                            + "\" is neither a letter of the choices nor one of them"));
            gold = List.of(letter);
        }
        return new Example(r.id(), null, "", gold, r.choices(), "", r.task(), r.line());
    }

    /**
     * Sets {@code correct} on every answer object of {@code record} ({@code text}, {@code speech} and,
     * for an intervention run, each condition under {@code interventions}).
     */
    static void score(JsonObject record, Example example) {
        for (String key : List.of("text", "speech")) {
            mark(record.get(key), example);
        }
        if (record.has("interventions") && record.get("interventions").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : record.getAsJsonObject("interventions").entrySet()) {
                mark(e.getValue(), example);
            }
        }
    }

    /** Sets {@code correct} right after {@code answer}, the place evaluate gives it. */
    private static void mark(JsonElement answer, Example example) {
        if (answer == null || !answer.isJsonObject() || !answer.getAsJsonObject().has("answer")) {
            return;
        }
        JsonObject o = answer.getAsJsonObject();
        boolean correct = AnswerMatcher.isCorrect(example, o.get("answer").getAsString());
        List<Map.Entry<String, JsonElement>> rest = o.entrySet().stream()
                .filter(e -> !e.getKey().equals("answer") && !e.getKey().equals("correct"))
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        JsonElement text = o.remove("answer");
        o.remove("correct");
        rest.forEach(e -> o.remove(e.getKey()));
        o.add("answer", text);
        o.addProperty("correct", correct);
        rest.forEach(e -> o.add(e.getKey(), e.getValue()));
    }
}
