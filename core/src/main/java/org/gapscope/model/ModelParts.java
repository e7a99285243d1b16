package org.gapscope.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A bundle's TorchScript parts loaded with DJL's PyTorch engine on one device, and the one way to run
 * them: every failure of a part becomes a {@link GapScopeException} naming the part's file, its input
 * shapes and libtorch's own cause. Owns the native memory of the parts (one {@link Model} per part,
 * each kept referenced so that the GC does not release it) and the base {@link NDManager}.
 */
final class ModelParts implements AutoCloseable {

    static final String ENGINE = "PyTorch";

    private final ModelBundle bundle;
    private final Device device;
    private final DataType computeType;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final List<Model> models = new ArrayList<>();
    private final Block speechEncoder;
    private final Block embedTokens;
    private final List<Block> layers = new ArrayList<>();
    private final Block lmHead;

    /** Loads every part; on failure releases what was loaded and throws. */
    ModelParts(ModelBundle bundle, Device device) {
        this.bundle = bundle;
        this.device = device;
        BundleManifest manifest = bundle.manifest();
        this.computeType = ComputeDType.of(manifest.dtype(), device);
        this.manager = NDManager.newBaseManager(device, ENGINE);
        this.parameterStore = new ParameterStore(manager, false);
        try {
            BundleParts p = manifest.parts();
            speechEncoder = load(p.speechEncoder());
            embedTokens = load(p.embedTokens());
            for (String layer : p.layers()) {
                layers.add(load(layer));
            }
            lmHead = load(p.lmHead());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Block load(String part) {
        Path file = bundle.resolve(part);
        Model model = Model.newInstance(part, device, ENGINE);
        try {
            model.load(file, null, Map.of("mapLocation", "true"));
        } catch (MalformedModelException | IOException | EngineException | IllegalArgumentException e) {
            model.close();
            throw new GapScopeException(file + ": libtorch cannot load part " + part + ": "
                    + LibtorchMessages.cause(e.getMessage()), e);
        }
        models.add(model);
        return model.getBlock();
    }

    ModelBundle bundle() {
        return bundle;
    }

    BundleManifest manifest() {
        return bundle.manifest();
    }

    Device device() {
        return device;
    }

    /** The dtype hidden states are computed in ({@link ComputeDType}). */
    DataType computeType() {
        return computeType;
    }

    /** The base manager; every pass opens a sub-manager of it. */
    NDManager manager() {
        return manager;
    }

    int layerCount() {
        return layers.size();
    }

    /** Runs the speech encoder: features {@code [1, mel, F]}, valid frames {@code [1]}. */
    NDArray speechEncoder(NDArray features, NDArray validFrames) {
        return run(speechEncoder, manifest().parts().speechEncoder(), features, validFrames).head();
    }

    /** Runs the token embedding on ids {@code [1, T]} and casts the result to the compute dtype. */
    NDArray embedTokens(NDArray ids) {
        return run(embedTokens, manifest().parts().embedTokens(), ids).head().toType(computeType, false);
    }

    /** Runs decoder layer {@code index} (0-based) on its inputs; returns all its outputs. */
    NDList layer(int index, NDArray... inputs) {
        return run(layers.get(index), manifest().parts().layers().get(index), inputs);
    }

    /** Runs the final norm and LM head on hidden states {@code [1, T, d]}. */
    NDArray lmHead(NDArray hidden) {
        return run(lmHead, manifest().parts().lmHead(), hidden).head();
    }

    private NDList run(Block block, String part, NDArray... inputs) {
        try {
            return block.forward(parameterStore, new NDList(inputs), false);
        } catch (EngineException | IllegalStateException | IllegalArgumentException e) {
            throw new GapScopeException(bundle.resolve(part) + ": part " + part + " failed on its input "
                    + Arrays.stream(inputs).map(a -> a.getShape() + " " + a.getDataType()).toList() + ": "
                    + LibtorchMessages.cause(e.getMessage()), e);
        }
    }

    /** Releases every part and all native memory. */
    @Override
    public void close() {
        models.forEach(Model::close);
        manager.close();
    }
}
