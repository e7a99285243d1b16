package org.gapscope.figure;

import java.awt.Color;

/**
 * The colours around the data: background, text, axes, grid and the series palette. Export always
 * uses {@link #LIGHT}; the explorer may draw with {@link #DARK} to match its window.
 */
public enum FigureTheme {

    /** Dark text on white, for papers and exported files. */
    LIGHT(Color.WHITE, new Color(0x1A1A1A), new Color(0x595959), new Color(0xE3E3E3), new Color(0x333333),
            new Color[] {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
                new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)}),

    /** Light text on a dark grey, for a dark explorer window. */
    DARK(new Color(0x1E1F22), new Color(0xE8E8E8), new Color(0xA8A8A8), new Color(0x3A3C40), new Color(0xC8C8C8),
            new Color[] {new Color(0x56B4E9), new Color(0xE69F00), new Color(0x2BC79A), new Color(0xE89ACB),
                new Color(0xF0E442), new Color(0xFF7F50), new Color(0xF0F0F0)});

    private final Color background;
    private final Color foreground;
    private final Color muted;
    private final Color grid;
    private final Color axis;
    private final Color[] palette;

    FigureTheme(Color background, Color foreground, Color muted, Color grid, Color axis, Color[] palette) {
        this.background = background;
        this.foreground = foreground;
        this.muted = muted;
        this.grid = grid;
        this.axis = axis;
        this.palette = palette;
    }

    /** The figure's background. */
    public Color background() {
        return background;
    }

    /** Text and marks that must read clearly. */
    public Color foreground() {
        return foreground;
    }

    /** Secondary text (captions, notes, controls). */
    public Color muted() {
        return muted;
    }

    /** Grid lines. */
    public Color grid() {
        return grid;
    }

    /** Axis lines and ticks. */
    public Color axis() {
        return axis;
    }

    /** The colour of series {@code i} (the Okabe-Ito colour-blind-safe palette, cycling). */
    public Color series(int i) {
        return palette[Math.floorMod(i, palette.length)];
    }

    /** How many distinct series colours there are before they repeat (marker shapes then tell them apart). */
    public int paletteSize() {
        return palette.length;
    }
}
