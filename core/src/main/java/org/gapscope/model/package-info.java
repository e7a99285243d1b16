/**
 * The model runtime: a model bundle (docs/bundle-format.md) opened with DJL's PyTorch engine and run
 * layer by layer, with hooks that capture the query span's hidden states and rewrite chosen positions
 * at chosen layers; greedy generation and answer scoring on top.
 */
package org.gapscope.model;
