package org.gapscope.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The hooks of one pass over a prompt, sorted by kind, and what they do at each hidden state: every
 * intervention rewrites its positions first, then every capture takes its slice, so a capture shows
 * what the next layer receives. Captures keep their slices on the device and copy them out once, after
 * the pass. Positions of both kinds count from the query span's start.
 */
final class PassHooks {

    /** A pass without hooks (the cached steps of generation, which run new tokens only). */
    static final PassHooks NONE = new PassHooks(List.of(), List.of());

    private final List<InterventionHook> interventions;
    private final List<CaptureHook> captures;
    private Prompt prompt;
    private ModelParts parts;
    private List<NDList> slices;

    private PassHooks(List<InterventionHook> interventions, List<CaptureHook> captures) {
        this.interventions = interventions;
        this.captures = captures;
    }

    /**
     * The hooks of a pass over {@code prompt}, checked against it and the model, captures started;
     * captures only when {@code capture} and they have not recorded a pass yet.
     */
    static PassHooks of(ForwardHook[] hooks, boolean capture, Prompt prompt, ModelParts parts) {
        List<InterventionHook> interventions = new ArrayList<>();
        List<CaptureHook> captures = new ArrayList<>();
        for (ForwardHook h : hooks) {
            if (h instanceof InterventionHook i) {
                interventions.add(i);
            } else if (h instanceof CaptureHook c && capture && c.wantsPass()) {
                captures.add(c);
            }
        }
        PassHooks pass = new PassHooks(interventions, captures);
        pass.begin(prompt, parts);
        return pass;
    }

    private void begin(Prompt p, ModelParts modelParts) {
        this.prompt = p;
        this.parts = modelParts;
        BundleManifest manifest = modelParts.manifest();
        int layers = modelParts.layerCount();
        for (InterventionHook i : interventions) {
            check(i, p, layers, manifest.name());
        }
        slices = new ArrayList<>();
        for (CaptureHook c : captures) {
            c.begin(p, layers, manifest.hiddenSize(), manifest.name());
            slices.add(new NDList(layers + 1));
        }
    }

    /** Applies the hooks to hidden state {@code layer} ({@code [1, T, d]}); returns the state the next layer gets. */
    NDArray at(NDManager scope, NDArray h, int layer) {
        NDArray out = h;
        for (InterventionHook i : interventions) {
            out = intervene(scope, out, i, layer);
        }
        for (int k = 0; k < captures.size(); k++) {
            CaptureHook c = captures.get(k);
            slices.get(k).add(out.get(new NDIndex().addIndices(0).addSliceDim(c.start(), c.start() + c.length())));
        }
        return out;
    }

    /** Hands every capture its states of all layers. */
    void finish() {
        for (int k = 0; k < captures.size(); k++) {
            CaptureHook c = captures.get(k);
            c.recordAll(NDArrays.stack(slices.get(k), 0).toType(DataType.FLOAT32, false).toFloatArray());
            c.finish();
        }
    }

    private static void check(InterventionHook hook, Prompt prompt, int layers, String model) {
        for (Map.Entry<Integer, List<InterventionHook.Edit>> e : hook.all().entrySet()) {
            if (e.getKey() > layers) {
                throw new GapScopeException("intervention at layer " + e.getKey() + ": " + model + " has layers 0.."
                        + layers);
            }
            for (InterventionHook.Edit edit : e.getValue()) {
                if (edit.position() >= prompt.queryLength()) {
                    throw new GapScopeException("intervention at position " + edit.position()
                            + ": the query span has " + prompt.queryLength() + " positions");
                }
            }
        }
    }

    private NDArray intervene(NDManager scope, NDArray h, InterventionHook hook, int layer) {
        List<InterventionHook.Edit> edits = hook.edits(layer);
        if (edits.isEmpty()) {
            return h;
        }
        // layer outputs are inference-mode tensors: set(...) on them throws, so rewrite a copy
        NDArray edited = h.duplicate();
        int d = parts.manifest().hiddenSize();
        for (InterventionHook.Edit edit : edits) {
            int position = prompt.queryStart() + edit.position();
            float[] current = h.get(0, position).toType(DataType.FLOAT32, false).toFloatArray();
            float[] replacement = edit.rewrite().rewrite(layer, edit.position(), current);
            if (replacement == null || replacement.length != d) {
                throw new GapScopeException("intervention at layer " + layer + ", position " + edit.position()
                        + ": the new vector has " + (replacement == null ? "no" : replacement.length)
                        + " values, the model's hidden size is " + d);
            }
            edited.set(new NDIndex(0, position), scope.create(replacement).toType(parts.computeType(), false));
        }
        return edited;
    }
}
