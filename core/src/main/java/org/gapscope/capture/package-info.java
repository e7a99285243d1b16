/**
 * Captures: the hidden states of a query span (speech positions or transcript tokens) at every layer
 * of one forward pass, with token names, times and provenance, saved and loaded as NumPy {@code .npz}
 * (docs/bundle-format.md) so that a capture can be re-analysed without the model.
 */
package org.gapscope.capture;
