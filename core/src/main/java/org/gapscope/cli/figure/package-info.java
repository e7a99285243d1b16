/**
 * {@code gapscope figure}: the parent command, the output options every figure shares, one class per
 * figure (heatmap, curves, scatter, audio) and the readers of its inputs (capture labels, a CSV of
 * points).
 */
package org.gapscope.cli.figure;
