package org.gapscope.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gapscope.GapScopeException;
import org.gapscope.npy.AtomicFiles;
import org.gapscope.run.ResultLog;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;

import com.google.gson.JsonObject;

/**
 * Joins the shard folders of one batch run ({@code --shard 1/n} .. {@code n/n}) into one folder that
 * looks as if the whole dataset had run at once: the records in dataset order, the captures
 * (hard-linked where the file system allows, else copied), and, for {@code evaluate}, the summary with
 * its mismatched-pair control across all shards.
 */
public final class ShardMerge {

    private ShardMerge() {
    }

    /**
     * The shards' folders checked to be one complete run: same command ({@code command}, or any one
     * command when null), model, dataset and settings, every shard 1..n present once and complete.
     */
    static List<RunFolder> check(List<Path> shardDirs, String command) {
        if (shardDirs.isEmpty()) {
            throw new GapScopeException("--merge needs the shard folders to join");
        }
        List<RunFolder> shards = new ArrayList<>();
        for (Path dir : shardDirs) {
            shards.add(RunFolder.existing(dir));
        }
        RunFolder first = shards.get(0);
        JsonObject a = first.info();
        int count = first.shard().count();
        Map<Integer, RunFolder> byIndex = new TreeMap<>();
        String expected = command != null ? command : first.command();
        for (RunFolder s : shards) {
            JsonObject b = s.info();
            if (!expected.equals(s.command())) {
                throw new GapScopeException(s.folder() + ": was made by the '" + s.command() + "' command, not '"
                        + expected + "'" + (command == null ? " like " + first.folder() : ""));
            }
            for (String key : new String[] {"format_version", "model_fingerprint", "dataset_sha256", "settings"}) {
                if (!java.util.Objects.equals(a.get(key), b.get(key))) {
                    throw new GapScopeException(s.folder() + ": differs from " + first.folder() + " in "
                            + key.replace("_sha256", "").replace("_fingerprint", "") + "; shards of one run must share "
                            + "model, dataset and settings");
                }
            }
            Shard shard = s.shard();
            if (shard.count() != count) {
                throw new GapScopeException(s.folder() + ": is shard " + shard + ", " + first.folder() + " is shard "
                        + first.shard() + " (different numbers of shards)");
            }
            RunFolder before = byIndex.put(shard.index(), s);
            if (before != null) {
                throw new GapScopeException(s.folder() + " and " + before.folder() + " are both shard " + shard);
            }
            if (!s.isComplete()) {
                throw new GapScopeException(s.folder() + ": shard " + shard + " is not finished; run its command "
                        + "again to complete it");
            }
        }
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                throw new GapScopeException("shard " + i + "/" + count + " is missing (give every shard folder)");
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /**
     * Creates (or resumes) the merged folder: its {@code run.json} is the unsharded run's, its
     * records are every shard's in dataset order; captures named in the records are linked or copied.
     */
    static RunFolder join(Path out, List<RunFolder> shards, boolean withCaptures) {
        JsonObject identity = shards.get(0).info();
        identity.addProperty("shard", Shard.ALL.toString());
        for (RunFolder s : shards) {
            if (s.folder().toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new GapScopeException(out + ": is one of the shard folders; merge into a new folder");
            }
        }
        RunFolder merged = RunFolder.openOrCreate(out, identity);
        Map<Integer, JsonObject> byLine = new TreeMap<>();
        Map<Integer, RunFolder> source = new TreeMap<>();
        for (RunFolder s : shards) {
            try (ResultLog log = ResultLog.open(s.resolve(RunFolder.RESULTS_JSONL), "line")) {
                for (JsonObject r : log.records()) {
                    int line = r.get("line").getAsInt();
                    if (byLine.put(line, r) != null) {
                        throw new GapScopeException(s.folder() + ": has a record for dataset line " + line
                                + " that another shard has too");
                    }
                    source.put(line, s);
                }
            }
        }
        if (withCaptures) {
            Evaluation.createCaptureFolder(merged);
            for (Map.Entry<Integer, JsonObject> e : byLine.entrySet()) {
                JsonObject r = e.getValue();
                if (r.has("captures")) {
                    for (Map.Entry<String, com.google.gson.JsonElement> c : r.getAsJsonObject("captures").entrySet()) {
                        String rel = c.getValue().getAsString();
                        linkOrCopy(source.get(e.getKey()).resolve(rel), merged.resolve(rel));
                    }
                }
                if (r.has("lenses") && r.get("lenses").isJsonObject() && r.getAsJsonObject("lenses").has("rows")) {
                    String rel = r.getAsJsonObject("lenses").get("rows").getAsString();
                    try {
                        Files.createDirectories(merged.resolve(rel).getParent());
                    } catch (IOException ex) {
                        throw new GapScopeException(merged.resolve(rel).getParent() + ": cannot create: "
                                + ex.getMessage(), ex);
                    }
                    linkOrCopy(source.get(e.getKey()).resolve(rel), merged.resolve(rel));
                }
            }
        }
        StringBuilder lines = new StringBuilder();
        for (JsonObject r : byLine.values()) {
            lines.append(r).append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(merged.resolve(RunFolder.RESULTS_JSONL), out2 -> out2.write(bytes));
        merged.writeStatus(byLine.size(), byLine.size(), true);
        return merged;
    }

    private static void linkOrCopy(Path from, Path to) {
        try {
            if (Files.exists(to) && Files.size(to) == Files.size(from)) {
                return;
            }
            if (!Files.isRegularFile(from)) {
                throw new GapScopeException(from + ": capture file missing; rerun that shard's command");
            }
            Files.deleteIfExists(to);
            try {
                Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
                Path temp = to.resolveSibling("." + to.getFileName() + ".part");
                Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new GapScopeException(to + ": cannot link or copy the capture from " + from + ": " + e.getMessage(), e);
        }
    }
}
