/**
 * The analysis engine of METHOD.md: layer curves, similarity matrices, alignment paths, the
 * Alignment Path Score, monotonicity and consistency for one example (speech and text hidden
 * states of the same query), GapScope's DTW extension, the mismatched-pair control with its
 * bootstrap interval, dataset-level means, GAP and its linear regression.
 *
 * <p>Everything is computed from {@link org.gapscope.analysis.HiddenStates} alone, so a stored
 * capture can be re-analysed without the model. Results are immutable records that carry their
 * {@link org.gapscope.analysis.Provenance}. Numerical choices are recorded in
 * {@code docs/decisions/analysis-numerics.md}.
 */
package org.gapscope.analysis;
