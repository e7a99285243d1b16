package org.gapscope.analysis;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies the speech and text hidden states layer by layer on a background thread, one layer ahead
 * of the consumer, so that reading layer l+1 overlaps the matrix work on layer l. Two buffer sets
 * circulate; memory stays at two layers.
 */
final class LayerSource implements AutoCloseable {

    /** One layer of both modalities; hand it back with {@link #release}. */
    record Layer(int index, float[] speech, float[] text) {
    }

    private final HiddenStates speech;
    private final HiddenStates text;
    private final int layerCount;
    private final ExecutorService executor;
    private final BlockingQueue<float[][]> free = new ArrayBlockingQueue<>(2);
    private Future<Layer> pending;
    private int nextIndex;

    LayerSource(HiddenStates speech, HiddenStates text) {
        this.speech = speech;
        this.text = text;
        this.layerCount = speech.layerCount();
        for (int k = 0; k < 2; k++) {
            free.add(new float[][] {
                new float[speech.tokenCount() * speech.hiddenSize()],
                new float[text.tokenCount() * text.hiddenSize()]});
        }
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gapscope-layer-reader");
            t.setDaemon(true);
            return t;
        });
        submitNext();
    }

    private void submitNext() {
        if (nextIndex >= layerCount) {
            pending = null;
            return;
        }
        int index = nextIndex++;
        pending = executor.submit(() -> load(index));
    }

    private Layer load(int index) throws InterruptedException {
        float[][] buffers = free.take();
        speech.copyLayer(index, buffers[0]);
        text.copyLayer(index, buffers[1]);
        return new Layer(index, buffers[0], buffers[1]);
    }

    /** The next layer, in order 0..L; waits for the background copy. */
    Layer next() {
        if (pending == null) {
            throw new IllegalStateException("no more layers");
        }
        Layer layer = Background.await(pending, "reading hidden states");
        submitNext();
        return layer;
    }

    /** Returns a layer's buffers for reuse. */
    void release(Layer layer) {
        free.offer(new float[][] {layer.speech(), layer.text()});
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
