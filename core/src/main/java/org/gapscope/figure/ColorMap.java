package org.gapscope.figure;

import java.awt.Color;
import java.util.Locale;

import org.gapscope.GapScopeException;

/**
 * The colour maps a figure may use: perceptually uniform sequential maps (viridis, the default,
 * magma, cividis), grey, and a diverging red-blue map centred on zero for differences.
 *
 * <p>The sequential tables are anchor colours sampled at 52 evenly spaced points of the published
 * maps (viridis and magma by van der Walt and Smith, cividis by Nu&ntilde;ez, Anderton and Renslow)
 * and interpolated linearly in sRGB; over 256 levels the result stays within 1/255 of the published
 * tables for viridis and magma and within 4/255 for cividis. The diverging map uses the eleven
 * ColorBrewer RdBu classes, blue for negative, near-white at zero, red for positive.
 */
public enum ColorMap {

    /** Perceptually uniform, colour-blind safe, dark blue-purple to yellow; the default. */
    VIRIDIS("viridis", false, new int[] {
            0x440154, 0x46085C, 0x471063, 0x481769, 0x481D6F, 0x482475, 0x472A7A, 0x46307E,
            0x453781, 0x433D84, 0x414287, 0x3F4889, 0x3D4E8A, 0x3A538B, 0x38598C, 0x355E8D,
            0x33638D, 0x31688E, 0x2E6D8E, 0x2C718E, 0x2A768E, 0x297B8E, 0x27808E, 0x25848E,
            0x23898E, 0x218E8D, 0x20928C, 0x1F978B, 0x1E9C89, 0x1FA188, 0x21A585, 0x24AA83,
            0x28AE80, 0x2EB37C, 0x35B779, 0x3DBC74, 0x46C06F, 0x50C46A, 0x5AC864, 0x65CB5E,
            0x70CF57, 0x7CD250, 0x89D548, 0x95D840, 0xA2DA37, 0xB0DD2F, 0xBDDF26, 0xCAE11F,
            0xD8E219, 0xE5E419, 0xF1E51D, 0xFDE725,
    }),

    /** Perceptually uniform, black through purple and orange to pale yellow. */
    MAGMA("magma", false, new int[] {
            0x000004, 0x02020B, 0x050416, 0x090720, 0x0E0B2B, 0x140E36, 0x1A1042, 0x21114E,
            0x29115A, 0x311165, 0x390F6E, 0x420F75, 0x4A1079, 0x52137C, 0x5A167E, 0x621980,
            0x6A1C81, 0x721F81, 0x792282, 0x812581, 0x892881, 0x912B81, 0x992D80, 0xA1307E,
            0xAA337D, 0xB2357B, 0xBA3878, 0xC23B75, 0xCA3E72, 0xD2426F, 0xD9466B, 0xE04C67,
            0xE75263, 0xEC5860, 0xF1605D, 0xF4695C, 0xF7725C, 0xF97B5D, 0xFB8560, 0xFC8E64,
            0xFD9869, 0xFEA16E, 0xFEAA74, 0xFEB47B, 0xFEBD82, 0xFEC68A, 0xFECF92, 0xFED89A,
            0xFDE2A3, 0xFDEBAC, 0xFCF4B6, 0xFCFDBF,
    }),

    /** Optimised for colour-vision deficiency: dark blue through grey to yellow. */
    CIVIDIS("cividis", false, new int[] {
            0x00224E, 0x002656, 0x002A5F, 0x002D68, 0x003070, 0x083370, 0x163770, 0x203A6F,
            0x273E6E, 0x2E416D, 0x34456C, 0x3A486C, 0x3F4C6C, 0x444F6C, 0x49536C, 0x4E566C,
            0x535A6D, 0x575D6D, 0x5C616E, 0x60646F, 0x656870, 0x696B71, 0x6D6F72, 0x727274,
            0x767676, 0x7A7A78, 0x7E7D78, 0x838179, 0x888578, 0x8D8878, 0x928C78, 0x969077,
            0x9B9476, 0xA09875, 0xA59C74, 0xAAA073, 0xAFA471, 0xB5A86F, 0xBAAC6D, 0xBFB06B,
            0xC4B468, 0xC9B965, 0xCFBD62, 0xD4C15F, 0xDAC65B, 0xDFCA57, 0xE5CF52, 0xEAD34C,
            0xF0D846, 0xF6DD3F, 0xFCE236, 0xFEE838,
    }),

    /** Black to white, for print in grey scale. */
    GREY("grey", false, new int[] {0x000000, 0xFFFFFF}),

    /** Diverging blue-white-red (ColorBrewer RdBu), centred on zero; for differences. */
    RED_BLUE("red-blue", true, new int[] {
            0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7,
            0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F,
    });

    private final String id;
    private final boolean diverging;
    private final int[] anchors;
    private final int[] table = new int[256];

    ColorMap(String id, boolean diverging, int[] anchors) {
        this.id = id;
        this.diverging = diverging;
        this.anchors = anchors;
        for (int i = 0; i < table.length; i++) {
            table[i] = interpolate(i / 255.0);
        }
    }

    /** The name used on the command line and in settings, e.g. {@code viridis}. */
    public String id() {
        return id;
    }

    /** Whether this map is diverging (centred on zero; its automatic range is symmetric). */
    public boolean diverging() {
        return diverging;
    }

    /**
     * The fill of marks drawn on this map (the alignment path): white, always outlined in black
     * ({@link #pathOutline()}). Black and white differ in lightness from every colour of every map,
     * so the path reads alike to readers with any colour vision and in grey print; a hue (the
     * former red) turns olive on viridis' yellow for deuteranopes.
     */
    public Color pathColor() {
        return Color.WHITE;
    }

    /** The outline of marks drawn on this map: black, around the white {@link #pathColor()}. */
    public Color pathOutline() {
        return Color.BLACK;
    }

    /** The packed 0xRRGGBB colour at {@code t} in [0, 1] (clamped; NaN gives the lowest colour). */
    public int rgb(double t) {
        if (!(t > 0)) {
            return table[0];
        }
        if (t >= 1) {
            return table[255];
        }
        return table[(int) Math.round(t * 255)];
    }

    /** The colour at {@code t} in [0, 1] (clamped). */
    public Color color(double t) {
        return new Color(rgb(t));
    }

    private int interpolate(double t) {
        double x = t * (anchors.length - 1);
        int i = Math.min((int) Math.floor(x), anchors.length - 2);
        double f = x - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        int r = mix((a >> 16) & 0xFF, (b >> 16) & 0xFF, f);
        int g = mix((a >> 8) & 0xFF, (b >> 8) & 0xFF, f);
        int bl = mix(a & 0xFF, b & 0xFF, f);
        return (r << 16) | (g << 8) | bl;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** The colour map named {@code name} (case-insensitive; {@code gray} and {@code rdbu} are accepted too). */
    public static ColorMap parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "viridis":
                return VIRIDIS;
            case "magma":
                return MAGMA;
            case "cividis":
                return CIVIDIS;
            case "grey":
            case "gray":
                return GREY;
            case "red-blue":
            case "redblue":
            case "rdbu":
            case "diverging":
                return RED_BLUE;
            case "jet":
            case "rainbow":
                throw new GapScopeException("colour map '" + name + "' is not offered: rainbow maps are not"
                        + " perceptually uniform and mislead; choose viridis, magma, cividis, grey or red-blue");
            default:
                throw new GapScopeException("unknown colour map '" + name
                        + "'; choose viridis, magma, cividis, grey or red-blue");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
