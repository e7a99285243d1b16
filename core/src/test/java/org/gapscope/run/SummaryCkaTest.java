package org.gapscope.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gapscope.GapScopeException;
import org.gapscope.lenses.CkaMatrix;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A summary's dataset CKA read back: the matrices, the layers, the averaged range, and malformed keys. */
class SummaryCkaTest {

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void matricesLayersAndCountsAreTheSummarys() {
        SummaryCka s = SummaryCka.of(json("{\"model\": \"m\", \"dataset\": \"d\", \"averaged_layers\": [2, 4],"
                + " \"cka_layers\": [0, 2, 4], \"cka\": [[0.9, 0.5, null], [0.4, 0.8, 0.75], [0.1, 0.7, 0.72]],"
                + " \"cka_pairs\": 120, \"cka_pairing\": \"reference_words\", \"cka_examples\": 10,"
                + " \"cka_mismatched\": [[0.6, 0.3, null], [0.3, 0.5, 0.5], [0.1, 0.4, 0.45]], \"cka_mismatched_pairs\": 118,"
                + " \"cka_control\": {\"label\": \"GapScope control\", \"pairing\": \"proportional\", \"examples\": 9}}"),
                "summary.json");
        assertArrayEquals(new int[] {0, 2, 4}, s.layers());
        CkaMatrix m = s.matched();
        assertEquals(120, m.pairs());
        assertEquals("reference_words", m.pairing());
        assertTrue(Double.isNaN(m.at(0, 2)));
        // averaged_layers [2, 4] are the rows of hidden states 2 and 4: indices 1..2
        assertEquals((0.8 + 0.72) / 2, m.diagonalMean(m.provenance().layers()), 1e-15);
        assertEquals(118, s.mismatched().pairs());
        assertEquals("proportional", s.mismatched().pairing(), "the control's pairing when the summary names none");
        assertEquals(0.8 - 0.5, s.difference()[1][1], 1e-15, "computed when cka_difference is not stored");
        assertEquals(10, s.examples());
        assertEquals(9, s.controlExamples());
        assertEquals("GapScope control", s.controlLabel());
    }

    @Test
    void withoutAControlOnlyTheMatchedMatrix() {
        SummaryCka s = SummaryCka.of(json("{\"cka\": [[1, 0.5], [0.5, 1]]}"), "m.json");
        assertNull(s.mismatched());
        assertNull(s.difference());
        assertArrayEquals(new int[] {0, 1}, s.layers());
        assertEquals(1, s.matched().provenance().layers().first());
    }

    @Test
    void malformedKeysAreNamed() {
        assertFalse(SummaryCka.present(json("{\"scores\": {}}")));
        GapScopeException none = assertThrows(GapScopeException.class, () -> SummaryCka.of(json("{}"), "s.json"));
        assertTrue(none.getMessage().startsWith("s.json: has no \"cka\" matrix"), none.getMessage());
        GapScopeException ragged = assertThrows(GapScopeException.class,
                () -> SummaryCka.of(json("{\"cka\": [[1, 0.5], [0.5]]}"), "s.json"));
        assertEquals("s.json: \"cka\" is not a square matrix of numbers and nulls", ragged.getMessage());
        GapScopeException text = assertThrows(GapScopeException.class,
                () -> SummaryCka.of(json("{\"cka\": [[1, \"x\"], [0.5, 1]]}"), "s.json"));
        assertTrue(text.getMessage().contains("\"cka\""), text.getMessage());
        GapScopeException layers = assertThrows(GapScopeException.class,
                () -> SummaryCka.of(json("{\"cka\": [[1, 0.5], [0.5, 1]], \"cka_layers\": [0, 1, 2]}"), "s.json"));
        assertEquals("s.json: \"cka_layers\" names 3 layers for a 2 x 2 matrix", layers.getMessage());
        GapScopeException control = assertThrows(GapScopeException.class, () -> SummaryCka.of(
                json("{\"cka\": [[1, 0.5], [0.5, 1]], \"cka_mismatched\": [[1]]}"), "s.json"));
        assertTrue(control.getMessage().contains("\"cka_mismatched\" is 1 x 1"), control.getMessage());
    }
}
