package org.gapscope.app.session;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Session files of format version 1, written before each view saved its own part: one record with
 * the files, the alignment view's layer, metric and colour map and the theme at the top, and an object
 * per view beside them. {@link #upgrade} moves every field into the part that owns it now, under the
 * names that part uses (docs/decisions/explorer-layout.md lists them).
 */
final class SessionFormat1 {

    private SessionFormat1() {
    }

    /** The parts of a version-1 session, as a version-2 one holds them. */
    static JsonObject upgrade(JsonObject v1) {
        JsonObject out = new JsonObject();
        out.addProperty(Session.VERSION_KEY, Session.FORMAT_VERSION);

        JsonObject window = new JsonObject();
        copy(v1, "tab", window, "tab");
        copy(v1, "darkTheme", window, "darkTheme");
        copy(v1, "presentationMode", window, "presentationMode");
        out.add("window", window);

        JsonObject examples = new JsonObject();
        copy(v1, "exampleSet", examples, "exampleSet");
        copy(v1, "selectedExample", examples, "selected");
        copy(v1, "ownExamples", examples, "own");
        JsonObject list = object(v1, "examples");
        copy(list, "filter", examples, "filter");
        copy(list, "sort", examples, "sort");
        out.add("examples", examples);

        JsonObject model = new JsonObject();
        copy(v1, "model", model, "folder");
        out.add("model", model);

        out.add("analysis", object(v1, "analysis"));

        JsonObject alignment = object(v1, "alignment");
        copy(v1, "layer", alignment, "layer");
        copy(v1, "metric", alignment, "metric");
        copy(v1, "colormap", alignment, "colormap");
        out.add("alignment", alignment);

        out.add("curves", object(v1, "curves"));

        JsonObject interventions = object(v1, "interventions");
        copy(v1, "selectedExample", interventions, "pickedFor");
        out.add("interventions", interventions);

        out.add("dataset", object(v1, "dataset"));
        return out;
    }

    private static JsonObject object(JsonObject from, String key) {
        JsonElement e = from.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject().deepCopy() : new JsonObject();
    }

    private static void copy(JsonObject from, String key, JsonObject to, String as) {
        JsonElement e = from.get(key);
        to.add(as, e == null ? JsonNull.INSTANCE : e.deepCopy());
    }
}
