package org.gapscope.capture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gapscope.GapScopeException;
import org.gapscope.npy.DType;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

/**
 * The labels of a capture {@code .npz} without its hidden states: the token strings of the query span
 * and, for speech, each position's start time (docs/bundle-format.md). Reads only those two members, so
 * it is quick however large the hidden states are.
 *
 * @param tokens the token strings ({@code s0, s1, ...} for speech positions)
 * @param times  the start time of each speech position in seconds, empty for text
 */
public record CaptureLabels(List<String> tokens, float[] times) {

    /** Copies. */
    public CaptureLabels {
        tokens = List.copyOf(tokens);
        times = times.clone();
    }

    @Override
    public float[] times() {
        return times.clone();
    }

    /**
     * The labels of {@code path} when it is a capture {@code .npz} with {@code tokens} and {@code times}
     * members; empty for a plain {@code .npy} or an {@code .npz} without them.
     *
     * @throws GapScopeException when the file cannot be read or a member is malformed
     */
    public static Optional<CaptureLabels> read(Path path) {
        if (!path.toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return Optional.empty();
        }
        Map<String, NpyArray> members = Npz.read(path, Set.of("tokens", "times"));
        NpyArray tokens = members.get("tokens");
        NpyArray times = members.get("times");
        if (tokens == null || times == null) {
            return Optional.empty();
        }
        if (tokens.dtype() != DType.UINT8 || tokens.rank() != 1) {
            throw new GapScopeException(path + ": 'tokens' must be UTF-8 JSON stored as a 1-D uint8 array");
        }
        if (times.rank() != 1 || !times.dtype().isFloating()) {
            throw new GapScopeException(path + ": 'times' must be a 1-D float array");
        }
        return Optional.of(new CaptureLabels(CaptureFile.tokenNames(new String(tokens.toByteArray(), StandardCharsets.UTF_8), path),
                times.toFloatArray()));
    }
}
