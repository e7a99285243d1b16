package org.gapscope.evaluation;

import java.nio.file.Path;

import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * One evaluated model or checkpoint in a comparison: its folder, its label in tables and figures, its
 * group, and its {@code summary.json}.
 *
 * @param folder its run folder
 * @param label its name in tables and figures
 * @param group its group, or {@code ""}
 * @param summary its summary.json
 */
public record ComparedRun(Path folder, String label, String group, JsonObject summary) {

    /** Text accuracy in percent. */
    public double textPercent() {
        return summary.getAsJsonObject("accuracy").getAsJsonObject("text").get("percent").getAsDouble();
    }

    /** Speech accuracy in percent. */
    public double speechPercent() {
        return summary.getAsJsonObject("accuracy").getAsJsonObject("speech").get("percent").getAsDouble();
    }

    /** GAP = text - speech, in points. */
    public double gap() {
        return summary.get("gap").getAsDouble();
    }

    /** The dataset mean of {@code score} over matched pairs. */
    public double matched(Score score) {
        return ScoresJson.number(summary.getAsJsonObject("scores").getAsJsonObject(score.key()).get("matched"));
    }

    /** The dataset mean of {@code score} over mismatched pairs (GapScope's control). */
    public double mismatched(Score score) {
        return ScoresJson.number(summary.getAsJsonObject("scores").getAsJsonObject(score.key()).get("mismatched"));
    }

    /** The layers the scores average over. */
    public LayerRange averagedLayers() {
        JsonArray a = summary.getAsJsonArray("averaged_layers");
        return new LayerRange(a.get(0).getAsInt(), a.get(1).getAsInt());
    }

    /** The model's name as the summary records it. */
    public String model() {
        return summary.get("model").getAsString();
    }

    /** The dataset's name as the summary records it. */
    public String dataset() {
        return summary.get("dataset").getAsString();
    }
}
