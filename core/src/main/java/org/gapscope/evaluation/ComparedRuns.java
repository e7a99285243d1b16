package org.gapscope.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.gapscope.GapScopeException;
import org.gapscope.run.RunFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The runs of a comparison read from their folders: each finished run's {@code summary.json}, a label
 * (the model's name, or the folder's when two runs share a model) and a group.
 */
public final class ComparedRuns {

    private ComparedRuns() {
    }

    /** Reads the runs' summaries; a run's group is the first of {@code groups} its label contains. */
    public static List<ComparedRun> read(List<Path> folders, List<String> groups) {
        if (folders.size() < 2) {
            throw new GapScopeException("compare needs at least two run folders, got " + folders.size());
        }
        List<JsonObject> summaries = new ArrayList<>();
        for (Path f : folders) {
            summaries.add(summary(f));
        }
        Set<String> models = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (JsonObject s : summaries) {
            if (!models.add(s.get("model").getAsString())) {
                duplicates.add(s.get("model").getAsString());
            }
        }
        List<ComparedRun> runs = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < folders.size(); i++) {
            String model = summaries.get(i).get("model").getAsString();
            Path name = folders.get(i).toAbsolutePath().normalize().getFileName();
            String label = duplicates.contains(model) && name != null ? name.toString() : model;
            if (!labels.add(label)) {
                throw new GapScopeException(folders.get(i) + ": two runs are both called '" + label
                        + "'; give each run its own folder name");
            }
            String group = "";
            for (String g : groups) {
                if (label.contains(g)) {
                    group = g;
                    break;
                }
            }
            runs.add(new ComparedRun(folders.get(i), label, group, summaries.get(i)));
        }
        return runs;
    }

    private static JsonObject summary(Path folder) {
        Path file = folder.resolve(RunFolder.SUMMARY_JSON);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(folder.resolve(RunFolder.RUN_JSON))) {
                RunFolder run = RunFolder.existing(folder);
                if (run.shard().count() > 1) {
                    throw new GapScopeException(folder + ": is shard " + run.shard() + " of a run; join the shards first "
                            + "with gapscope evaluate --merge --out DIR SHARD_DIR...");
                }
                throw new GapScopeException(folder + ": the evaluation is not finished (no " + RunFolder.SUMMARY_JSON
                        + "); run its command again to complete it");
            }
            throw new GapScopeException(folder + ": not an evaluation folder (no " + RunFolder.SUMMARY_JSON + ")");
        }
        JsonObject s;
        try {
            s = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new GapScopeException(file + ": not valid JSON", e);
        }
        if (!s.has("format") || !EvaluationSummary.FORMAT.equals(s.get("format").getAsString())) {
            throw new GapScopeException(file + ": not the summary of 'gapscope evaluate'");
        }
        if (!s.has("scores") || s.get("scores").isJsonNull() || s.get("gap").isJsonNull()) {
            throw new GapScopeException(file + ": has no scores (fewer than 2 examples were evaluated)");
        }
        return s;
    }}
