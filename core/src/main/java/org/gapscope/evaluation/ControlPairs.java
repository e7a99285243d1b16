package org.gapscope.evaluation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gapscope.analysis.MismatchedPairControl;

import com.google.gson.JsonObject;

/**
 * Who is paired with whom in GapScope's mismatched-pair control: the speech of example i against the
 * text of example sigma(i), sigma a derangement seeded with the control's seed and drawn over every
 * example of the dataset (the lines that parse, in line order), not only over those that end up
 * evaluated. So every shard of a run knows every pair before it starts, the control of example i can
 * be computed as soon as its speech is in memory, and a run need not keep speech captures.
 */
public final class ControlPairs {

    /**
     * One example of the dataset.
     *
     * @param line its 1-based dataset line
     * @param id its id
     */
    public record Member(int line, String id) {
    }

    private final Map<Integer, Member> partners;

    private ControlPairs(Map<Integer, Member> partners) {
        this.partners = partners;
    }

    /** The pairs over {@code examples} (in line order); none when there are fewer than two. */
    public static ControlPairs over(List<Member> examples, long seed) {
        Map<Integer, Member> partners = new HashMap<>();
        if (examples.size() >= 2) {
            int[] sigma = MismatchedPairControl.derangement(examples.size(), seed);
            for (int i = 0; i < sigma.length; i++) {
                partners.put(examples.get(i).line(), examples.get(sigma[i]));
            }
        }
        return new ControlPairs(partners);
    }

    /** The example whose text the speech of the example on {@code line} is paired with. */
    public Optional<Member> partnerOf(int line) {
        return Optional.ofNullable(partners.get(line));
    }

    /** The start of a record's {@code control} entry: {@code {"text_line": ..., "text_id": ...}}. */
    static JsonObject entry(Member partner) {
        JsonObject c = new JsonObject();
        c.addProperty("text_line", partner.line());
        c.addProperty("text_id", partner.id());
        return c;
    }

    /** Why there is no text to pair with: the partner has no text capture, and why not. */
    static String noText(Member partner, String reason) {
        return "line " + partner.line() + " (" + partner.id() + ") has no text capture: " + reason;
    }
}
