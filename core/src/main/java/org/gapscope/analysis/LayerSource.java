package org.gapscope.analysis;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gapscope.GapScopeException;

/**
 * Reads the speech and text hidden states layer by layer, with their row statistics, on a
 * background thread one layer ahead of the consumer, so that reading and checking layer l+1
 * overlaps the matrix work on layer l. Two buffer sets circulate; memory stays at two layers.
 */
final class LayerSource implements AutoCloseable {

    /** One layer of both modalities, with statistics; hand it back with {@link #release}. */
    record Layer(int index, float[] speech, RowStatistics speechStats, float[] text, RowStatistics textStats) {
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
        float[] s = buffers[0];
        float[] t = buffers[1];
        speech.copyLayer(index, s);
        RowStatistics ss = RowStatistics.of(speech.name(), index, s, speech.tokenCount(), speech.hiddenSize());
        text.copyLayer(index, t);
        RowStatistics st = RowStatistics.of(text.name(), index, t, text.tokenCount(), text.hiddenSize());
        return new Layer(index, s, ss, t, st);
    }

    /** The next layer, in order 0..L; waits for the background read. */
    Layer next() {
        if (pending == null) {
            throw new IllegalStateException("no more layers");
        }
        Layer layer;
        try {
            layer = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GapScopeException("interrupted while reading hidden states", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new GapScopeException("reading hidden states failed: " + cause, cause);
        }
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
