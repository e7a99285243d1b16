package org.gapscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AnswerMatcherTest {

    private static Example open(String... answers) {
        return new Example("e", null, "q", List.of(answers), List.of(), "", "", 0);
    }

    private static Example choice(String letter, String... choices) {
        return new Example("m", null, "q", List.of(letter), List.of(choices), "", "", 0);
    }

    @Test
    void normalisesCasePunctuationArticlesAndSpaces() {
        assertEquals("eiffel tower", AnswerMatcher.normalize("  The Eiffel-Tower! "));
        assertEquals("cafe", AnswerMatcher.normalize("ｃａｆｅ"));
    }

    @Test
    void exactMatchAndWholeWordContainment() {
        assertTrue(AnswerMatcher.isCorrect(open("blue"), "Blue."));
        assertTrue(AnswerMatcher.isCorrect(open("blue"), "it is blue"));
        assertTrue(AnswerMatcher.isCorrect(open("four", "4"), "4"));
        assertFalse(AnswerMatcher.isCorrect(open("red"), "reddish"), "containment is by whole words");
        assertFalse(AnswerMatcher.isCorrect(open("blue"), "green"));
        assertFalse(AnswerMatcher.isCorrect(open("blue"), "  "));
        assertTrue(AnswerMatcher.isCorrect(open("new york"), "in New York, I think"));
    }

    @Test
    void multipleChoiceLetterExtraction() {
        List<String> choices = List.of("cat", "dog", "cow");
        assertEquals(Optional.of("B"), MultipleChoice.extractLetter("B. dog", choices));
        assertEquals(Optional.of("C"), MultipleChoice.extractLetter("The answer is (C)", choices));
        assertEquals(Optional.of("A"), MultipleChoice.extractLetter("answer: A", choices));
        assertEquals(Optional.of("B"), MultipleChoice.extractLetter("I would say the dog", choices));
        assertEquals(Optional.empty(), MultipleChoice.extractLetter("cat or dog", choices), "ambiguous");
        assertEquals(Optional.empty(), MultipleChoice.extractLetter("no idea", choices));
        assertEquals(Optional.of("B"), MultipleChoice.extractLetter("A dog", choices), "a leading article is not a letter");
        assertEquals(Optional.of("C"), MultipleChoice.extractLetter("C", choices));
        assertEquals(Optional.empty(), MultipleChoice.extractLetter("D.", choices), "letter beyond the options");
        assertTrue(AnswerMatcher.isCorrect(choice("B", "cat", "dog", "cow"), "B"));
        assertFalse(AnswerMatcher.isCorrect(choice("B", "cat", "dog", "cow"), "A) cat"));
        assertEquals(Optional.of("C"), MultipleChoice.correctLetter("cow", choices));
        assertEquals(Optional.of("A"), MultipleChoice.correctLetter("a", choices));
        assertEquals(Optional.empty(), MultipleChoice.correctLetter("horse", choices));
    }
}
