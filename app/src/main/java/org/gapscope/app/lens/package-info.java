/**
 * The logit-lens view (nostalgebraist 2020; AudioLens, Yang et al. 2025): what each speech position
 * and text token of the shown example reads as at the chosen layers, and lens agreement per layer.
 */
package org.gapscope.app.lens;
