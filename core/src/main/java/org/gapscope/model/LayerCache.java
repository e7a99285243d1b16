package org.gapscope.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values every decoder layer of a format 2 bundle has computed so far in one generation,
 * {@code [1, kv heads, positions, head size]} each. It owns them through its own {@link NDManager}, so
 * they outlive the step that computed them; each step's new arrays replace (and release) the old ones.
 */
final class LayerCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    /** An empty cache (no positions) for {@code layers} layers, in a sub-manager of {@code parent}. */
    LayerCache(NDManager parent, int layers, BundleManifest.KvCacheShape shape, DataType type) {
        manager = parent.newSubManager();
        keys = new NDArray[layers];
        values = new NDArray[layers];
        Shape empty = new Shape(1, shape.numKvHeads(), 0, shape.headDim());
        for (int l = 0; l < layers; l++) {
            keys[l] = manager.zeros(empty, type);
            values[l] = manager.zeros(empty, type);
        }
    }

    /** The positions cached (those of layer 0; every layer has as many after a complete step). */
    int length() {
        return (int) keys[0].getShape().get(2);
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    /** Takes a layer's new keys and values (moving them into this cache's manager) and frees the old ones. */
    void update(int layer, NDArray newKeys, NDArray newValues) {
        newKeys.attach(manager);
        newValues.attach(manager);
        keys[layer].close();
        values[layer].close();
        keys[layer] = newKeys;
        values[layer] = newValues;
    }

    /** The bytes the cache holds now (keys and values of every layer). */
    long bytes() {
        long n = 0;
        for (int l = 0; l < keys.length; l++) {
            n += keys[l].size() * keys[l].getDataType().getNumOfBytes()
                    + values[l].size() * values[l].getDataType().getNumOfBytes();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
