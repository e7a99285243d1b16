package org.gapscope.analysis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Reads the speech and text hidden states layer by layer on a background thread, up to
 * {@link #AHEAD} layers ahead of the consumer: copies each layer, computes its
 * {@link RowStatistics} (norms, means, the NaN/infinity/zero-row checks) and, when asked to, the
 * layer's dot products (one {@link Sgemm} from direct copies of the rows). Reading and checking
 * layer l+1 thus overlaps the work on layer l, and the reader starts while OpenBLAS may still be
 * loading. {@code AHEAD} buffer sets circulate; memory stays at {@code AHEAD} layers.
 */
final class LayerSource implements AutoCloseable {

    /** Layers read ahead of the consumer (buffer sets in circulation). */
    static final int AHEAD = 3;

    /** One buffer set holding one layer of both modalities; hand it back with {@link #release}. */
    static final class Layer {
        final float[] speech;
        final float[] text;
        int index;
        RowStatistics speechStats;
        RowStatistics textStats;
        /** Text-major dot products [T_t * T_s] of this layer (by the reader, or set by the consumer). */
        float[] dots;
        private final int speechTokens;
        private final int textTokens;
        private final int hidden;
        private FloatBuffer speechDirect;
        private FloatBuffer textDirect;
        private FloatPointer dotsDirect;

        private Layer(int speechTokens, int textTokens, int hidden) {
            this.speechTokens = speechTokens;
            this.textTokens = textTokens;
            this.hidden = hidden;
            this.speech = new float[speechTokens * hidden];
            this.text = new float[textTokens * hidden];
        }

        /** The dot products from direct copies of the rows (the GEMM needs memory outside the heap). */
        private void computeDots() {
            // JavaCPP's classes must not initialise on two threads at once (their static loaders
            // deadlock): the first FloatPointer waits until the OpenBLAS start-up thread is done
            Sgemm.awaitReady();
            if (speechDirect == null) {
                speechDirect = direct(speech.length);
                textDirect = direct(text.length);
                dotsDirect = new FloatPointer((long) textTokens * speechTokens);
                dots = new float[textTokens * speechTokens];
            }
            speechDirect.clear();
            speechDirect.put(speech).flip();
            textDirect.clear();
            textDirect.put(text).flip();
            Sgemm.awaitReady();
            Sgemm.textTimesSpeech(textDirect, textTokens, speechDirect, speechTokens, hidden, dotsDirect);
            dotsDirect.get(dots);
        }

        private static FloatBuffer direct(int floats) {
            return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        private void close() {
            if (dotsDirect != null) {
                dotsDirect.close();
            }
        }
    }

    private final HiddenStates speech;
    private final HiddenStates text;
    private final int layerCount;
    private final LookAhead<Layer> ahead;
    private final List<Layer> all = new ArrayList<>();
    private final BlockingQueue<Layer> free = new ArrayBlockingQueue<>(AHEAD);
    private final boolean withDots;

    /**
     * Starts reading; with {@code withDots} the reader also computes each layer's dot products (not
     * needed when a {@link GramSource} computes them from the files in place).
     */
    LayerSource(HiddenStates speech, HiddenStates text, boolean withDots) {
        this.speech = speech;
        this.text = text;
        this.withDots = withDots;
        this.layerCount = speech.layerCount();
        int buffers = Math.min(AHEAD, layerCount);
        for (int k = 0; k < buffers; k++) {
            Layer layer = new Layer(speech.tokenCount(), text.tokenCount(), speech.hiddenSize());
            all.add(layer);
            free.add(layer);
        }
        this.ahead = new LookAhead<>("gapscope-layer-reader", layerCount, buffers, index -> () -> load(index));
    }

    private Layer load(int index) throws InterruptedException {
        Layer layer = free.take();
        layer.index = index;
        speech.copyLayer(index, layer.speech);
        layer.speechStats = RowStatistics.of(speech.name(), index, layer.speech, speech.tokenCount(),
                speech.hiddenSize());
        text.copyLayer(index, layer.text);
        layer.textStats = RowStatistics.of(text.name(), index, layer.text, text.tokenCount(), text.hiddenSize());
        if (withDots) {
            layer.computeDots();
        }
        return layer;
    }

    /** The next layer, in order 0..L; waits for the background reader. */
    Layer next() {
        return ahead.next("reading hidden states");
    }

    /** Returns a layer's buffers for reuse and queues the next layer's reading. */
    void release(Layer layer) {
        free.offer(layer);
        ahead.advance();
    }

    /** Stops the reader and frees the native buffers. */
    @Override
    public void close() {
        boolean stopped = ahead.stop();
        if (stopped) {
            all.forEach(Layer::close);
        }
        // else: the reader is stuck in a copy; leave its buffers to JavaCPP's garbage-collected deallocator
    }
}
