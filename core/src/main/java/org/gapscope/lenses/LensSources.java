package org.gapscope.lenses;

/**
 * The labels that name each lens's source, written wherever a lens's numbers appear (METHOD.md: "each
 * labelled with its source"); "-style" where GapScope's recipe is its own reading of the source's.
 */
public final class LensSources {

    /** Cross-layer CKA. */
    public static final String CKA = "Cross-layer linear CKA (Hsu et al. 2026, \"Anatomy of the Modality Gap\", "
            + "arXiv 2603.01502); speech tokens paired without the alignment path (GapScope's pairing)";

    /** The logit lens on speech positions. */
    public static final String LOGIT_LENS = "Logit lens (nostalgebraist 2020) on speech positions, as in the "
            + "vocabulary projection of audio LLMs (AudioLens, Yang et al., ASRU 2025)";

    /** Lens agreement between paired speech and text positions. */
    public static final String LENS_AGREEMENT = "Lens agreement (GapScope, METHOD.md): share of text tokens whose "
            + "paired speech vector has the same top-1 logit-lens token";

    /** The reference-alignment hit rate. */
    public static final String HIT_RATE = "ALAS-style reference-alignment hit rate (Mousavi et al. 2025, "
            + "arXiv 2505.19937): alignment-path positions inside the reference word's span, against a uniform baseline";

    private LensSources() {
    }
}
