/** Export from every view: the figure as PNG or SVG (size preset, DPI, colour map), its data as CSV or JSON, or to the clipboard. */
package org.gapscope.app.export;
