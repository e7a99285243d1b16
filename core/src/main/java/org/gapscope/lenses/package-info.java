/**
 * Other lenses from the field on the same two passes (METHOD.md, "Other lenses from the field"), each
 * labelled with its source ({@link org.gapscope.lenses.LensSources}): pairing speech positions with
 * text tokens without the model's own path ({@link org.gapscope.lenses.TokenPairing}, by reference
 * word timings or proportionally), cross-layer CKA per example and over a dataset with its
 * mismatched-pair control ({@link org.gapscope.lenses.CrossLayerCka}, {@link org.gapscope.lenses.DatasetCka}),
 * the logit lens and lens agreement ({@link org.gapscope.lenses.LogitLens}), and the ALAS-style
 * reference-alignment hit rate ({@link org.gapscope.lenses.ReferenceAlignmentHitRate}). Input-layer
 * statistical calibration, an intervention, lives in {@code org.gapscope.intervention}. Decisions:
 * {@code docs/decisions/lenses.md}.
 */
package org.gapscope.lenses;
