package org.gapscope.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the speech and text hidden states layer by layer on a background thread, up to
 * {@link #AHEAD} layers ahead of the consumer: copies each layer, computes its
 * {@link RowStatistics} (norms, means, the NaN/infinity/zero-row checks) and, once ND4J is
 * loaded, copies it into the ND4J arrays the GEMM reads. Reading and checking layer l+1 thus
 * overlaps the matrix work on layer l, and the reader starts while ND4J may still be loading.
 * {@code AHEAD} buffer sets circulate; memory stays at {@code AHEAD} layers (heap and off-heap).
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
        private final int speechTokens;
        private final int textTokens;
        private final int hidden;
        private INDArray speechRows;
        private INDArray textRows;
        private boolean inNd4j;

        private Layer(int speechTokens, int textTokens, int hidden) {
            this.speechTokens = speechTokens;
            this.textTokens = textTokens;
            this.hidden = hidden;
            this.speech = new float[speechTokens * hidden];
            this.text = new float[textTokens * hidden];
        }

        /** The speech rows as an ND4J array [T_s, d] (copied now if the reader could not yet). */
        INDArray speechRows() {
            toNd4j();
            return speechRows;
        }

        /** The text rows as an ND4J array [T_t, d] (see {@link #speechRows}). */
        INDArray textRows() {
            toNd4j();
            return textRows;
        }

        private void toNd4j() {
            if (inNd4j) {
                return;
            }
            if (speechRows == null) {
                speechRows = Nd4j.create(DataType.FLOAT, new long[] {speechTokens, hidden}, 'c');
                textRows = Nd4j.create(DataType.FLOAT, new long[] {textTokens, hidden}, 'c');
            }
            speechRows.data().asNioFloat().put(speech, 0, speech.length);
            textRows.data().asNioFloat().put(text, 0, text.length);
            inNd4j = true;
        }

        private void close() {
            if (speechRows != null) {
                speechRows.close();
                textRows.close();
            }
        }
    }

    private final HiddenStates speech;
    private final HiddenStates text;
    private final int layerCount;
    private final LookAhead<Layer> ahead;
    private final List<Layer> all = new ArrayList<>();
    private final BlockingQueue<Layer> free = new ArrayBlockingQueue<>(AHEAD);
    private final boolean feedNd4j;

    /**
     * Starts reading; with {@code feedNd4j} each layer is also copied into ND4J arrays for the
     * consumer's GEMM (not needed when a {@link GramSource} reads the files in place).
     */
    LayerSource(HiddenStates speech, HiddenStates text, boolean feedNd4j) {
        this.speech = speech;
        this.text = text;
        this.feedNd4j = feedNd4j;
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
        layer.inNd4j = false;
        speech.copyLayer(index, layer.speech);
        layer.speechStats = RowStatistics.of(speech.name(), index, layer.speech, speech.tokenCount(),
                speech.hiddenSize());
        text.copyLayer(index, layer.text);
        layer.textStats = RowStatistics.of(text.name(), index, layer.text, text.tokenCount(), text.hiddenSize());
        if (feedNd4j && Nd4jRuntime.isReady()) {
            layer.toNd4j();
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

    /** Stops the reader and frees the ND4J arrays. */
    @Override
    public void close() {
        boolean stopped = ahead.stop();
        if (stopped) {
            all.forEach(Layer::close);
        }
        // else: the reader is stuck in a copy; leave its arrays to ND4J's garbage-collected deallocator
    }
}
