package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/** Figure labels: the group is shown by colour, so its part of the name goes. */
class ComparisonLabelTest {

    private static Comparison.Run run(String label, String group) {
        return new Comparison.Run(Path.of(label), label, group, new JsonObject());
    }

    @Test
    void labelsLoseTheirGroupOrTheirSharedPrefix() {
        List<Comparison.Run> grouped = List.of(run("gapscope-mini-frozen-step00020", "frozen"),
                run("gapscope-mini-fullft-final", "fullft"), run("gapscope-mini-fullft-step01000", "fullft"));
        assertEquals("step20", Comparison.shortLabel(grouped.get(0), grouped));
        assertEquals("final", Comparison.shortLabel(grouped.get(1), grouped));
        assertEquals("step1000", Comparison.shortLabel(grouped.get(2), grouped));
        List<Comparison.Run> plain = List.of(run("qwen-lora-2k", ""), run("qwen-lora-10k", ""), run("qwen-full", ""));
        assertEquals("lora-2k", Comparison.shortLabel(plain.get(0), plain));
        assertEquals("full", Comparison.shortLabel(plain.get(2), plain));
        List<Comparison.Run> distinct = List.of(run("alpha", ""), run("beta", ""));
        assertEquals("alpha", Comparison.shortLabel(distinct.get(0), distinct));
    }
}
