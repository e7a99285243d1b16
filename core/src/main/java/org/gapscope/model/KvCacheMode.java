package org.gapscope.model;

/**
 * Whether greedy generation reuses the decoder layers' keys and values from step to step (a format 2
 * bundle's key/value cache: each new token runs one position) or runs the whole sequence again for
 * every new token (what format 1 bundles always do). Both give the same answers; the cache is faster.
 */
public enum KvCacheMode {
    /** Use the key/value cache when the bundle has one (format 2); the default. */
    WHEN_AVAILABLE,
    /** Never: recompute the whole prefix for every new token ({@code --no-kv-cache}). */
    OFF
}
