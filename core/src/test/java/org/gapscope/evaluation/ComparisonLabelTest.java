package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/** Figure labels: the group is shown by colour, so its part of the name goes. */
class ComparisonLabelTest {

    private static ComparedRun run(String label, String group) {
        return new ComparedRun(Path.of(label), label, group, new JsonObject());
    }

    @Test
    void labelsLoseTheirGroupOrTheirSharedPrefix() {
        List<ComparedRun> grouped = List.of(run("gapscope-mini-frozen-step00020", "frozen"),
                run("gapscope-mini-fullft-final", "fullft"), run("gapscope-mini-fullft-step01000", "fullft"));
        assertEquals("step20", ComparisonFigures.shortLabel(grouped.get(0), grouped));
        assertEquals("final", ComparisonFigures.shortLabel(grouped.get(1), grouped));
        assertEquals("step1000", ComparisonFigures.shortLabel(grouped.get(2), grouped));
        List<ComparedRun> plain = List.of(run("qwen-lora-2k", ""), run("qwen-lora-10k", ""), run("qwen-full", ""));
        assertEquals("lora-2k", ComparisonFigures.shortLabel(plain.get(0), plain));
        assertEquals("full", ComparisonFigures.shortLabel(plain.get(2), plain));
        List<ComparedRun> distinct = List.of(run("alpha", ""), run("beta", ""));
        assertEquals("alpha", ComparisonFigures.shortLabel(distinct.get(0), distinct));
    }
}
