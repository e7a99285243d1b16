package org.gapscope.lenses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;
import org.junit.jupiter.api.Test;

/** Pairing without the path, worked out by hand: slices, word spans, and which word a token was cut from. */
class PairingTest {

    @Test
    void proportionalSlicesFollowTheFormula() {
        // T_s = 5, T_t = 3: floor(j*5/3) = 0, 1, 3; ends max(floor((j+1)*5/3), start + 1) = 1, 3, 5
        TokenPairing p = TokenPairing.proportional(5, 3);
        assertArrayEquals(new int[] {0, 1, 3}, p.start());
        assertArrayEquals(new int[] {1, 3, 5}, p.end());
        assertEquals(TokenPairing.Method.PROPORTIONAL, p.method());
        // fewer positions than tokens: T_s = 2, T_t = 3 -> slices [0,1), [0,1), [1,2)
        TokenPairing q = TokenPairing.proportional(2, 3);
        assertArrayEquals(new int[] {0, 0, 1}, q.start());
        assertArrayEquals(new int[] {1, 1, 2}, q.end());
        // one token takes everything
        TokenPairing r = TokenPairing.proportional(7, 1);
        assertArrayEquals(new int[] {0}, r.start());
        assertArrayEquals(new int[] {7}, r.end());
        assertThrows(GapScopeException.class, () -> TokenPairing.proportional(0, 3));
    }

    @Test
    void pairedRowsAreTheMeansOfTheirSlices() {
        TokenPairing p = TokenPairing.proportional(5, 3);
        float[] speech = {1, 10, 2, 20, 3, 30, 4, 40, 5, 50}; // 5 positions, d = 2
        float[] out = new float[6];
        p.pairedRows(speech, 2, out);
        assertArrayEquals(new float[] {1, 10, 2.5f, 25, 4.5f, 45}, out);
    }

    @Test
    void wordSpansTakeTheOverlappingPositions() {
        // six positions of 0.1 s each, the last ending at 0.6
        SpeechPositionTimes times = SpeechPositionTimes.fromStartTimes(new float[] {0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f},
                Double.NaN);
        assertEquals(0.6, times.end(), 1e-6);
        assertArrayEquals(new int[] {1, 3}, times.overlapping(0.12, 0.25));   // positions 1 and 2
        assertArrayEquals(new int[] {2, 3}, times.overlapping(0.2, 0.3));     // touching 0.3 is not overlapping
        assertArrayEquals(new int[] {3, 4}, times.overlapping(0.35, 0.35));   // a zero-length word: its stretch
        assertArrayEquals(new int[] {5, 6}, times.overlapping(0.9, 1.0));     // beyond the span: the nearest
        WordTimings words = new WordTimings(List.of(new WordTiming("what", 0.0, 0.18),
                new WordTiming("colour", 0.21, 0.45), new WordTiming("sky", 0.5, 0.6)));
        TokenWords map = TokenWords.given(new int[] {0, 1, 1, 2}, 3);
        TokenPairing p = TokenPairing.referenceWords(words, map, times);
        assertArrayEquals(new int[] {0, 2, 2, 5}, p.start());
        assertArrayEquals(new int[] {2, 5, 5, 6}, p.end());
        assertEquals(TokenPairing.Method.REFERENCE_WORDS, p.method());
        assertTrue(p.describe().contains("given"), p.describe());
    }

    @Test
    void aSinglePositionWithoutTheClipLengthReachesToTheEnd() {
        SpeechPositionTimes one = SpeechPositionTimes.fromStartTimes(new float[] {0}, Double.NaN);
        assertEquals(Double.POSITIVE_INFINITY, one.end());
        assertArrayEquals(new int[] {0, 1}, one.overlapping(3, 4));
        assertEquals(2.5, SpeechPositionTimes.fromStartTimes(new float[] {0, 1}, 2.5).end());
        assertArrayEquals(new double[] {0, 0.5, 1.0, 1.5}, SpeechPositionTimes.uniform(4, 2.0).start(), 1e-12);
        assertThrows(GapScopeException.class, () -> SpeechPositionTimes.fromStartTimes(new float[] {0.2f, 0.1f}, 1));
        assertThrows(GapScopeException.class, () -> SpeechPositionTimes.fromStartTimes(new float[] {Float.NaN}, 1));
    }

    @Test
    void wordLevelTokensAreTheirWords() {
        TokenWords m = TokenWords.fromTokenText(List.of("what", "comes", "after", "forty", "seven"),
                "what comes after forty seven");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, m.wordOfToken());
        assertEquals(TokenWords.TOKEN_TEXT, m.rule());
    }

    @Test
    void byteLevelBpeTokensAreDecodedFromTheirByteAlphabet() {
        // " what's the café?" as a GPT-2 style tokenizer writes it: Ġ = space, "Ã©" = the two bytes of é
        List<String> tokens = List.of("Ġwhat", "'s", "Ġthe", "Ġcaf", "Ã©", "?");
        TokenWords m = TokenWords.fromTokenText(tokens, "what's the café?");
        assertArrayEquals(new int[] {0, 0, 1, 2, 2, 2}, m.wordOfToken());
        // a multi-byte character split over two tokens belongs to the token holding its first byte
        TokenWords split = TokenWords.fromTokenText(List.of("Ġcaf", "Ã", "©", "Ġnoir"), "café noir");
        assertArrayEquals(new int[] {0, 0, 0, 1}, split.wordOfToken());
    }

    @Test
    void sentencePieceAndWordPieceMarkersAreUnderstood() {
        TokenWords sp = TokenWords.fromTokenText(List.of("▁what", "▁is", "▁Cop", "en", "hagen", "<0x3F>"),
                "What is Copenhagen?");
        assertArrayEquals(new int[] {0, 1, 2, 2, 2, 2}, sp.wordOfToken());
        TokenWords wp = TokenWords.fromTokenText(List.of("play", "##ing", "chess", "!"), "playing chess!");
        assertArrayEquals(new int[] {0, 0, 1, 1}, wp.wordOfToken());
        // a leading token without letters belongs to the first word
        TokenWords lead = TokenWords.fromTokenText(List.of("Ġ", "\"", "hi", "Ġyou"), "\"hi you");
        assertArrayEquals(new int[] {0, 0, 0, 1}, lead.wordOfToken());
    }

    @Test
    void tokensThatDoNotSpellTheTranscriptAreRefusedWithTheFirstBadToken() {
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> TokenWords.fromTokenText(List.of("what", "colour", "sea"), "what colour sky"));
        assertTrue(e.getMessage().contains("text token 2 (\"sea\") does not match"), e.getMessage());
        GapScopeException shorter = assertThrows(GapScopeException.class,
                () -> TokenWords.fromTokenText(List.of("what", "colour"), "what colour sky"));
        assertTrue(shorter.getMessage().contains("end before the transcript"), shorter.getMessage());
        GapScopeException longer = assertThrows(GapScopeException.class,
                () -> TokenWords.fromTokenText(List.of("what", "colour", "sky", "blue"), "what colour sky"));
        assertTrue(longer.getMessage().contains("goes beyond"), longer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenWords.given(new int[] {0, 2, 1}, 3));
        assertThrows(IllegalArgumentException.class, () -> TokenWords.given(new int[] {0, 3}, 3));
    }
}
