package org.gapscope.app.shell;

/** Colours for the audio pane's spectrogram: a viridis ramp through its five quarter-point colours. */
public final class Palette {

    private static final int[] ANCHORS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

    private Palette() {
    }

    /** The packed 0xRRGGBB colour at {@code t} in [0, 1] (clamped; NaN gives the lowest colour). */
    public static int viridis(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
        int i = Math.min(ANCHORS.length - 2, (int) x);
        double f = x - i;
        int a = ANCHORS[i];
        int b = ANCHORS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
