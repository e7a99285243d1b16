package org.gapscope.model;

import java.util.Arrays;
import java.util.Locale;

import org.gapscope.GapScopeException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Log-mel features through the bundle's speech encoder: checks the features against the bundle's
 * feature settings, pads them to the encoder's fixed length when it has one, and returns the speech
 * positions the encoder computed from valid frames (docs/bundle-format.md, "Speech input").
 */
final class SpeechEncoding {

    private final ModelParts parts;

    SpeechEncoding(ModelParts parts) {
        this.parts = parts;
    }

    /**
     * Encodes features {@code [mel][frames]} whose first {@code validFrames} frames cover the clip and
     * whose remaining frames are padding the caller computed; features shorter than the encoder's fixed
     * length are padded further with {@code max(valid features) - 2} (Whisper's log-mel of silence).
     */
    SpeechEmbeddings encode(float[][] logMel, int validFrames) {
        BundleManifest manifest = parts.manifest();
        FeatureSettings f = manifest.features();
        int given = checkShape(logMel, f, manifest.name());
        if (validFrames < 0 || validFrames > given) {
            throw new IllegalArgumentException(validFrames + " valid frames of " + given);
        }
        int frames = validFrames;
        if (frames == 0) {
            throw new GapScopeException("the audio is empty: no log-mel frames");
        }
        if (frames > f.maxFrames()) {
            throw new GapScopeException(String.format(Locale.ROOT,
                    "the audio is %.2f s long (%d frames); the speech encoder of %s accepts at most %.2f s (%d frames)",
                    frames * f.frameSeconds(), frames, manifest.name(), f.maxSeconds(), f.maxFrames()));
        }
        // with a fixed-length encoder, caller-computed padding is kept; without one, only valid frames go in
        int width = f.padToFrames() != null ? f.padToFrames() : frames;
        int copied = f.padToFrames() != null ? given : frames;
        if (copied > width) {
            throw new GapScopeException("the features have " + given + " frames with padding; the speech encoder of "
                    + manifest.name() + " takes " + width);
        }
        float padValue = maxValidValue(logMel, given, frames) - 2f;
        float[] flat = new float[f.melBins() * width];
        for (int m = 0; m < f.melBins(); m++) {
            System.arraycopy(logMel[m], 0, flat, m * width, copied);
            Arrays.fill(flat, m * width + copied, (m + 1) * width, padValue);
        }
        try (NDManager scope = parts.manager().newSubManager()) {
            NDArray feats = scope.create(flat, new Shape(1, f.melBins(), width)).toType(parts.computeType(), false);
            NDArray out = parts.speechEncoder(feats, scope.create(new long[] {frames}));
            Shape s = out.getShape();
            if (s.dimension() != 3 || s.get(2) != manifest.hiddenSize()) {
                throw new GapScopeException(parts.bundle().resolve(manifest.parts().speechEncoder()) + ": outputs " + s
                        + ", expected [1, T, " + manifest.hiddenSize() + "]");
            }
            int positions = (int) s.get(1);
            if (positions == 0) {
                throw new GapScopeException(String.format(Locale.ROOT,
                        "the audio is too short (%.3f s, %d frames): the speech encoder gives no speech position",
                        frames * f.frameSeconds(), frames));
            }
            float[] data = out.toType(DataType.FLOAT32, false).toFloatArray();
            return new SpeechEmbeddings(data, positions, manifest.hiddenSize(), frames, f.frameSeconds(),
                    f.adapterStride());
        }
    }

    /** Checks bins, raggedness and emptiness; returns the number of frames given. */
    private static int checkShape(float[][] logMel, FeatureSettings f, String model) {
        if (logMel == null || logMel.length == 0 || logMel[0].length == 0) {
            throw new GapScopeException("the audio is empty: no log-mel frames");
        }
        if (logMel.length != f.melBins()) {
            throw new GapScopeException("the features have " + logMel.length + " mel bins; model " + model
                    + " expects " + f.melBins());
        }
        int given = logMel[0].length;
        for (int i = 1; i < logMel.length; i++) {
            if (logMel[i].length != given) {
                throw new GapScopeException("the features are ragged: mel bin " + i + " has " + logMel[i].length
                        + " frames, bin 0 has " + given);
            }
        }
        return given;
    }

    /** The largest value of the valid frames; refuses NaN or infinity anywhere in the features. */
    private static float maxValidValue(float[][] logMel, int given, int valid) {
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : logMel) {
            for (int i = 0; i < given; i++) {
                float v = row[i];
                if (!Float.isFinite(v)) {
                    throw new GapScopeException("the log-mel features contain a non-finite value (" + v + ")");
                }
                if (i < valid) {
                    max = Math.max(max, v);
                }
            }
        }
        return max;
    }
}
