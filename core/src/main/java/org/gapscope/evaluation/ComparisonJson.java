package org.gapscope.evaluation;

import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.Score;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** A comparison as compare.json: every run's headline numbers and scores, every fit, the notes. */
public final class ComparisonJson {

    private ComparisonJson() {
    }

    /** The comparison as JSON. */
    public static JsonObject of(Comparison.Result result) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "gapscope-comparison");
        o.addProperty("format_version", 1);
        o.addProperty("program_version", GapScopeVersion.get());
        JsonArray runs = new JsonArray();
        for (ComparedRun r : result.runs()) {
            JsonObject j = new JsonObject();
            j.addProperty("label", r.label());
            j.addProperty("group", r.group());
            j.addProperty("folder", r.folder().toString());
            j.addProperty("model", r.summary().get("model").getAsString());
            j.addProperty("dataset", r.summary().get("dataset").getAsString());
            j.add("text_percent", ScoresJson.number(r.textPercent()));
            j.add("speech_percent", ScoresJson.number(r.speechPercent()));
            j.add("gap", ScoresJson.number(r.gap()));
            JsonObject scores = new JsonObject();
            for (Score s : Comparison.PREDICTORS) {
                JsonElement e = r.summary().getAsJsonObject("scores").get(s.key());
                scores.add(s.key(), e.deepCopy());
            }
            j.add("scores", scores);
            JsonObject lenses = new JsonObject();
            for (GapPredictor p : Comparison.predictors(result.runs())) {
                if (p.isLens()) {
                    JsonObject v = new JsonObject();
                    v.add("matched", ScoresJson.number(p.value(r)));
                    v.add("mismatched", ScoresJson.number(p.mismatched(r)));
                    lenses.add(p.key(), v);
                }
            }
            j.add("lenses", lenses);
            runs.add(j);
        }
        o.add("runs", runs);
        JsonArray fits = new JsonArray();
        for (Comparison.Fit f : result.fits()) {
            JsonObject j = new JsonObject();
            j.addProperty("score", f.predictor().key());
            j.addProperty("label", f.predictor().label());
            j.addProperty("group", f.group());
            if (f.regression() != null) {
                var fit = f.regression().fit();
                j.addProperty("n", fit.n());
                j.add("slope", ScoresJson.number(fit.slope()));
                j.add("intercept", ScoresJson.number(fit.intercept()));
                j.add("r2", ScoresJson.number(fit.rSquared().orElse(Double.NaN)));
            }
            j.addProperty("note", f.note());
            fits.add(j);
        }
        o.add("fits", fits);
        JsonArray notes = new JsonArray();
        result.notes().forEach(notes::add);
        o.add("notes", notes);
        return o;
    }
}
