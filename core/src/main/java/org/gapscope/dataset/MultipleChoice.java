package org.gapscope.dataset;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Letters for multiple-choice options (A, B, C, ...) and extraction of the chosen letter from an answer. */
public final class MultipleChoice {

    private static final Pattern EXPLICIT = Pattern.compile(
            "(?i)(?:answer|option|choice)\\s*(?:is|:)?\\s*\\(?([A-Z])\\)?(?![A-Za-z])");
    private static final Pattern LEADING = Pattern.compile("^\\s*\\(?([A-Z])(?:[.):,]|$)");

    private MultipleChoice() {
    }

    /** The letter of option {@code index} (0 = A). */
    public static String letter(int index) {
        if (index < 0 || index >= 26) {
            throw new IllegalArgumentException("option index " + index + " out of range A-Z");
        }
        return String.valueOf((char) ('A' + index));
    }

    /** The correct letter, given a gold answer that is either a letter or the text of one choice. */
    public static Optional<String> correctLetter(String gold, List<String> choices) {
        String g = gold.strip();
        if (g.length() == 1 && Character.isLetter(g.charAt(0))) {
            int index = Character.toUpperCase(g.charAt(0)) - 'A';
            return index >= 0 && index < choices.size() ? Optional.of(letter(index)) : Optional.empty();
        }
        String norm = AnswerMatcher.normalize(g);
        for (int i = 0; i < choices.size(); i++) {
            if (AnswerMatcher.normalize(choices.get(i)).equals(norm)) {
                return Optional.of(letter(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The letter a generated answer chooses: an explicit "answer: B", a leading "B." / "(B)", or
     * the text of exactly one choice contained in the answer; empty when none can be told.
     */
    public static Optional<String> extractLetter(String generated, List<String> choices) {
        Matcher explicit = EXPLICIT.matcher(generated);
        if (explicit.find()) {
            String l = explicit.group(1).toUpperCase(Locale.ROOT);
            if (l.charAt(0) - 'A' < choices.size()) {
                return Optional.of(l);
            }
        }
        Matcher leading = LEADING.matcher(generated);
        if (leading.find()) {
            String l = leading.group(1);
            if (l.charAt(0) - 'A' < choices.size()) {
                return Optional.of(l);
            }
        }
        String norm = " " + AnswerMatcher.normalize(generated) + " ";
        String found = null;
        for (int i = 0; i < choices.size(); i++) {
            String c = AnswerMatcher.normalize(choices.get(i));
            if (!c.isEmpty() && norm.contains(" " + c + " ")) {
                if (found != null) {
                    return Optional.empty();
                }
                found = letter(i);
            }
        }
        return Optional.ofNullable(found);
    }
}
