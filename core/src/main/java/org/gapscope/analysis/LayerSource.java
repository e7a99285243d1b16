package org.gapscope.analysis;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies the speech and text hidden states layer by layer on a background thread and computes each
 * layer's {@link RowStatistics} (norms, means, the NaN/infinity/zero-row checks) there too, up to
 * {@link #AHEAD} layers ahead of the consumer, so that reading and checking layer l+1 overlaps the
 * matrix work on layer l (and the reader starts while ND4J is still loading). {@code AHEAD} buffer
 * sets circulate; memory stays at {@code AHEAD} layers.
 */
final class LayerSource implements AutoCloseable {

    /** Layers read ahead of the consumer (buffer sets in circulation). */
    static final int AHEAD = 3;

    /** One layer of both modalities with their statistics; hand it back with {@link #release}. */
    record Layer(int index, float[] speech, RowStatistics speechStats, float[] text, RowStatistics textStats) {
    }

    private final HiddenStates speech;
    private final HiddenStates text;
    private final int layerCount;
    private final ExecutorService executor;
    private final BlockingQueue<float[][]> free = new ArrayBlockingQueue<>(AHEAD);
    private final Queue<Future<Layer>> pending = new ArrayDeque<>();
    private int nextIndex;

    LayerSource(HiddenStates speech, HiddenStates text) {
        this.speech = speech;
        this.text = text;
        this.layerCount = speech.layerCount();
        int buffers = Math.min(AHEAD, layerCount);
        for (int k = 0; k < buffers; k++) {
            free.add(new float[][] {
                new float[speech.tokenCount() * speech.hiddenSize()],
                new float[text.tokenCount() * text.hiddenSize()]});
        }
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gapscope-layer-reader");
            t.setDaemon(true);
            return t;
        });
        for (int k = 0; k < buffers; k++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (nextIndex < layerCount) {
            int index = nextIndex++;
            pending.add(executor.submit(() -> load(index)));
        }
    }

    private Layer load(int index) throws InterruptedException {
        float[][] buffers = free.take();
        speech.copyLayer(index, buffers[0]);
        RowStatistics ss = RowStatistics.of(speech.name(), index, buffers[0], speech.tokenCount(),
                speech.hiddenSize());
        text.copyLayer(index, buffers[1]);
        RowStatistics st = RowStatistics.of(text.name(), index, buffers[1], text.tokenCount(), text.hiddenSize());
        return new Layer(index, buffers[0], ss, buffers[1], st);
    }

    /** The next layer, in order 0..L; waits for the background copy. */
    Layer next() {
        Future<Layer> f = pending.poll();
        if (f == null) {
            throw new IllegalStateException("no more layers");
        }
        return Background.await(f, "reading hidden states");
    }

    /** Returns a layer's buffers for reuse and queues the next layer's reading. */
    void release(Layer layer) {
        free.offer(new float[][] {layer.speech(), layer.text()});
        submitNext();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
