/**
 * The alignment view: the speech-by-token similarity heatmap at a chosen layer with its alignment
 * path, scrubbed through layers as fast as the slider moves, with hover, click-to-play, zoom and pan.
 */
package org.gapscope.app.alignment;
