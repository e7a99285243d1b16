/**
 * Run folders in the explorer (File ▸ Open run…, {@code ./gapscope --run RUN_DIR}): a folder written
 * by {@code gapscope evaluate}, the capture kit or any program following docs/run-format.md is opened
 * through core ({@code engine.StoredRun}) in the background and handed, by the composition root, to the
 * example list, the result of the selected example (analysed from its stored captures) and the dataset
 * view (its summary).
 */
package org.gapscope.app.runs;
