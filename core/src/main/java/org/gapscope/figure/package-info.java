/**
 * Publication-quality figures: one renderer per figure draws immutable figure data on any
 * {@link java.awt.Graphics2D} (the explorer's canvas, a PNG raster, an SVG document), with
 * colour-blind-safe colour maps, paper and slide size presets, and atomic PNG/SVG/data export.
 */
package org.gapscope.figure;
