package org.gapscope.app.interventions;

import java.util.TreeSet;

import org.gapscope.GapScopeException;

/** The rewrite-layer field of the interventions view: {@code 0}, {@code 0,2}, {@code 1-3}, in any order. */
final class RewriteLayers {

    private RewriteLayers() {
    }

    /**
     * The layers named in {@code text}, sorted, each once.
     *
     * @throws GapScopeException naming a part that is not a layer number or range, or when none is given
     */
    static int[] parse(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : (text == null ? "" : text).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).strip());
                    int b = Integer.parseInt(p.substring(dash + 1).strip());
                    for (int l = Math.min(a, b); l <= Math.max(a, b); l++) {
                        out.add(l);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new GapScopeException("layers: \"" + p + "\" is not a layer number or range (e.g. 0, 2-4)");
            }
        }
        if (out.isEmpty()) {
            throw new GapScopeException("layers: give at least one layer (0 = the LLM input)");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
