/**
 * The cross-layer CKA view (Hsu et al. 2026): the example's (L+1) x (L+1) matrix of speech layer
 * against text layer, matched, GapScope's mismatched control or their difference, with hover values,
 * band widths and the diagonal mean; the opened run's dataset matrix beside it. Computed by core
 * ({@code engine.CkaOfExample}, {@code run.SummaryCka}), drawn by core's {@code figure.CkaRenderer}.
 */
package org.gapscope.app.cka;
