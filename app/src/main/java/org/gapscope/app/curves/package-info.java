/**
 * The layer curves view: pooled cosine and Euclidean distance of speech vs text per layer for the
 * current example, with the dataset mean band, other checkpoints and the mismatched-pair control.
 */
package org.gapscope.app.curves;
