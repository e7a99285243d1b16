package org.gapscope.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.run.Shard;

/**
 * One non-blank line of a dataset file as a batch sees it: an example, or a broken line that is
 * recorded as failed. Shards split entries (not only examples), so every broken line is counted by
 * exactly one shard.
 *
 * @param line the 1-based line of the dataset file; the entry's key in result files
 * @param example the example, or null for a broken line
 * @param problem what is wrong with a broken line, or null
 */
public record DatasetEntry(int line, Example example, String problem) {

    /** Every example and skipped broken line of {@code set}, in file order. */
    public static List<DatasetEntry> inFileOrder(ExampleSet set) {
        List<DatasetEntry> entries = new ArrayList<>();
        for (Example e : set.examples()) {
            entries.add(new DatasetEntry(e.line(), e, null));
        }
        for (ExampleSet.LineProblem p : set.problems()) {
            entries.add(new DatasetEntry(p.line(), null, p.message()));
        }
        entries.sort(Comparator.comparingInt(DatasetEntry::line));
        return entries;
    }

    /** The entries of {@code shard} (entry k, 0-based in file order, belongs to shard k mod n + 1). */
    public static List<DatasetEntry> of(List<DatasetEntry> all, Shard shard) {
        List<DatasetEntry> out = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            if (shard.contains(k)) {
                out.add(all.get(k));
            }
        }
        return out;
    }

    /** Whether this is a broken line. */
    public boolean broken() {
        return example == null;
    }

    /** The key of this entry's records: its line number. */
    public String key() {
        return Integer.toString(line);
    }
}
