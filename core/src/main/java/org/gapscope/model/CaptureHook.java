package org.gapscope.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.gapscope.GapScopeVersion;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;

/**
 * Records the hidden states of one forward pass at every layer (0 = input embeddings, l = output of
 * decoder layer l) as float32 on the CPU: the query span by default, or the whole prompt. In
 * {@link LayeredModel#generate} it records the first pass (the prompt). Not thread-safe; one hook per pass.
 */
public final class CaptureHook implements ForwardHook {

    /** Read once: looking the version up reads a resource from the jar. */
    private static final String PROGRAM_VERSION = GapScopeVersion.get();

    private final String exampleId;
    private final boolean wholeSequence;
    private float[] hidden;
    private int size;
    private int layers;
    private int start;
    private int length;
    private int hiddenSize;
    private List<String> tokens;
    private float[] times;
    private CaptureMeta meta;
    private Capture result;
    private boolean done;

    private CaptureHook(String exampleId, boolean wholeSequence) {
        this.exampleId = Objects.requireNonNull(exampleId, "exampleId");
        this.wholeSequence = wholeSequence;
    }

    /** A hook that captures the query span (template positions excluded), for the given example id. */
    public static CaptureHook querySpan(String exampleId) {
        return new CaptureHook(exampleId, false);
    }

    /** A hook that captures every position of the prompt (template included); times are NaN off the speech. */
    public static CaptureHook wholeSequence(String exampleId) {
        return new CaptureHook(exampleId, true);
    }

    /** Whether a pass has been recorded. */
    public boolean hasCapture() {
        return done;
    }

    /** The recorded capture; throws {@link IllegalStateException} before a pass has run with this hook. */
    public Capture capture() {
        if (!done) {
            throw new IllegalStateException("no forward pass has been captured by this hook yet");
        }
        if (result == null) {
            result = Capture.wrap(hidden, layers, length, hiddenSize, tokens, times, meta);
        }
        return result;
    }

    boolean wantsPass() {
        return !done;
    }

    void begin(Prompt prompt, int decoderLayers, int d, String modelName) {
        layers = decoderLayers + 1;
        hiddenSize = d;
        if (wholeSequence) {
            start = 0;
            length = prompt.length();
            tokens = prompt.allTokens();
            if (prompt.speech() != null) {
                times = new float[length];
                Arrays.fill(times, Float.NaN);
                float[] q = prompt.queryTimes();
                System.arraycopy(q, 0, times, prompt.queryStart(), q.length);
            } else {
                times = new float[0];
            }
        } else {
            start = prompt.queryStart();
            length = prompt.queryLength();
            tokens = prompt.queryTokens();
            times = prompt.queryTimes();
        }
        meta = new CaptureMeta(modelName, prompt.modality(), exampleId, PROGRAM_VERSION);
        size = Math.multiplyExact(Math.multiplyExact(layers, length), d);
        hidden = null;
        result = null;
    }

    int start() {
        return start;
    }

    int length() {
        return length;
    }

    /** Takes all layers' rows {@code [layers][length][d]} (flat, float32, not copied). */
    void recordAll(float[] all) {
        if (all.length != size) {
            throw new IllegalStateException(all.length + " captured values, expected " + size);
        }
        hidden = all;
    }

    void finish() {
        done = true;
    }
}
