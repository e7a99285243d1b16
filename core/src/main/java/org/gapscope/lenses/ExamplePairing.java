package org.gapscope.lenses;

import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.WordTimings;

/**
 * The pairing of one example as every front end makes it ({@code evaluate}, {@code analyse}, the
 * explorer): by the example's reference word timings when it has them and they fit its captures, else
 * proportional, with a note saying why the timings could not be used (METHOD.md, "Token pairing
 * without the model's own path").
 */
public final class ExamplePairing {

    private ExamplePairing() {
    }

    /**
     * The pairing of an example's speech span ({@code speechPositions}) with its text tokens.
     *
     * @param where           for messages (e.g. {@code dataset line 12})
     * @param transcript      the transcript the words are checked against ({@code ""} when unknown)
     * @param words           the example's reference word timings ({@link WordTimings#NONE} when none)
     * @param speechPositions T_s
     * @param textTokens      T_t
     * @param tokens          the text capture's token strings
     * @param speechTimes     the speech capture's position start times
     * @param clipSeconds     the clip's length (NaN when unknown)
     */
    public static TokenPairing of(String where, String transcript, WordTimings words, int speechPositions,
            int textTokens, List<String> tokens, float[] speechTimes, double clipSeconds) {
        if (words == null || words.isEmpty()) {
            return TokenPairing.proportional(speechPositions, textTokens);
        }
        try {
            ReferenceWords reference = new ReferenceWords(where, transcript, words, null, Double.NaN);
            return reference.pairing(speechPositions, textTokens, tokens, speechTimes, clipSeconds);
        } catch (GapScopeException | IllegalArgumentException e) {
            return TokenPairing.proportional(speechPositions, textTokens,
                    "the word timings could not be used: " + reason(e));
        }
    }

    /** One line: the message of a user-facing error, else the exception's name and message. */
    private static String reason(RuntimeException e) {
        String message = e.getMessage();
        String text = e instanceof GapScopeException && message != null ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
