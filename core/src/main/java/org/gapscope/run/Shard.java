package org.gapscope.run;

import org.gapscope.GapScopeException;

/**
 * One slice of a dataset for a cluster job array: shard {@code index} of {@code count}, 1-based
 * ({@code --shard 1/4} .. {@code --shard 4/4}). Example k (0-based, file order) belongs to shard
 * {@code k mod count + 1}, so shards are balanced whatever the order of the file.
 *
 * @param index 1-based shard number
 * @param count number of shards
 */
public record Shard(int index, int count) {

    /** The whole dataset as one shard. */
    public static final Shard ALL = new Shard(1, 1);

    /** Validates the numbers. */
    public Shard {
        if (count < 1) {
            throw new GapScopeException("shard count must be at least 1, got " + count);
        }
        if (index < 1 || index > count) {
            throw new GapScopeException("shard index must be between 1 and " + count + ", got " + index);
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/");
        if (parts.length != 2) {
            throw new GapScopeException("--shard must look like i/n (e.g. 2/8), got \"" + text + "\"");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new GapScopeException("--shard must look like i/n with whole numbers (e.g. 2/8), got \"" + text + "\"");
        }
    }

    /** Whether the example at 0-based position {@code k} of the file belongs to this shard. */
    public boolean contains(int k) {
        return k % count == index - 1;
    }

    /** A file-name-safe label such as {@code shard-2-of-8} (empty for the whole dataset). */
    public String label() {
        return count == 1 ? "" : "shard-" + index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
