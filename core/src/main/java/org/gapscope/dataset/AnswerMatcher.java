package org.gapscope.dataset;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a generated answer is correct: normalised exact match, or containment of an
 * accepted answer as whole words; for multiple choice, the extracted letter must be the gold one.
 * Normalisation: Unicode NFKC, lower case, punctuation to spaces, the articles a/an/the dropped,
 * runs of white space collapsed.
 */
public final class AnswerMatcher {

    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]+");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private AnswerMatcher() {
    }

    /** The normalised form used for comparison. */
    public static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        n = PUNCTUATION.matcher(n).replaceAll(" ");
        n = ARTICLES.matcher(n).replaceAll(" ");
        return SPACES.matcher(n).replaceAll(" ").strip();
    }

    /** Whether {@code generated} answers {@code example} correctly. */
    public static boolean isCorrect(Example example, String generated) {
        if (example.isMultipleChoice()) {
            return MultipleChoice.extractLetter(generated, example.choices())
                    .map(l -> l.equals(example.answers().get(0)))
                    .orElse(false);
        }
        String g = normalize(generated);
        if (g.isEmpty()) {
            return false;
        }
        String padded = " " + g + " ";
        for (String accepted : example.answers()) {
            String a = normalize(accepted);
            if (a.isEmpty()) {
                continue;
            }
            if (g.equals(a) || padded.contains(" " + a + " ")) {
                return true;
            }
        }
        return false;
    }
}
