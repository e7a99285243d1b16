package org.gapscope.model;

import java.util.Arrays;

import org.gapscope.GapScopeException;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A model bundle loaded with DJL's PyTorch engine and run one decoder layer at a time, so that
 * {@link ForwardHook}s can capture and rewrite the hidden states between layers.
 *
 * <p>The device is chosen once, when the model opens: a GPU when DJL sees one (computing in the
 * bundle's dtype), else the CPU (computing in float32, whatever the stored dtype). Every pass runs in
 * its own {@link NDManager} sub-scope, so native memory does not grow from pass to pass. Greedy
 * generation uses a format 2 bundle's key/value cache unless opened with {@link KvCacheMode#OFF}.
 * Methods are synchronized: one pass at a time. Errors the user can cause (audio too long, empty
 * transcript, text the tokenizer cannot encode, a prompt longer than the model accepts) throw
 * {@link GapScopeException} and leave the model ready for the next example.
 *
 * <p>The work is split by job: {@link ModelParts} loads and runs the TorchScript parts,
 * {@link PartProbe} checks them on open, {@link PromptTokenizer} places queries in the templates,
 * {@link SpeechEncoding} turns log-mel features into speech positions, {@link DecoderStack} runs the
 * layers with the hooks ({@link PassHooks}) and {@link GreedyDecoder} generates.
 */
public final class LayeredModel implements AutoCloseable {

    private final ModelBundle bundle;
    private final ModelParts parts;
    private final PromptTokenizer prompts;
    private final SpeechEncoding speech;
    private final DecoderStack stack;
    private final GreedyDecoder decoder;
    private final boolean kvCache;
    private boolean closed;

    private LayeredModel(ModelBundle bundle, Device device, KvCacheMode mode) {
        this.bundle = bundle;
        ModelParts loaded = new ModelParts(bundle, device);
        PromptTokenizer tokenizer = null;
        try {
            tokenizer = new PromptTokenizer(bundle);
            DecoderStack layers = new DecoderStack(loaded);
            PartProbe.check(loaded, layers);
            this.parts = loaded;
            this.prompts = tokenizer;
            this.stack = layers;
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            loaded.close();
            throw e;
        }
        this.speech = new SpeechEncoding(parts);
        this.decoder = new GreedyDecoder(parts, stack, prompts);
        this.kvCache = mode == KvCacheMode.WHEN_AVAILABLE && stack.canCache();
    }

    /** Opens the bundle on the default device: a GPU when DJL sees one, else the CPU. */
    public static LayeredModel open(ModelBundle bundle) {
        return open(bundle, defaultDevice());
    }

    /** Opens the bundle on the given device, loading and probing every part; generation uses its cache if it has one. */
    public static LayeredModel open(ModelBundle bundle, Device device) {
        return open(bundle, device, KvCacheMode.WHEN_AVAILABLE);
    }

    /** Opens the bundle on the given device; {@code kvCache} says whether generation may use a key/value cache. */
    public static LayeredModel open(ModelBundle bundle, Device device, KvCacheMode kvCache) {
        TorchLogLevel.apply();
        return new LayeredModel(bundle, device, kvCache);
    }

    /** A GPU when the PyTorch engine sees one, else the CPU. */
    public static Device defaultDevice() {
        return Engine.getEngine(ModelParts.ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    // ------------------------------------------------------------------------------------------ queries

    /** The bundle this model was loaded from. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The bundle's manifest. */
    public BundleManifest manifest() {
        return bundle.manifest();
    }

    /** The device every pass runs on. */
    public Device device() {
        return parts.device();
    }

    /** The dtype the hidden states are computed in on this device. */
    public DataType computeType() {
        return parts.computeType();
    }

    /** L, the number of decoder layers. */
    public int numLayers() {
        return parts.layerCount();
    }

    /** d, the hidden size. */
    public int hiddenSize() {
        return manifest().hiddenSize();
    }

    /** Whether {@link #generate} runs new tokens from a key/value cache (a format 2 bundle, cache not turned off). */
    public boolean usesKvCache() {
        return kvCache;
    }

    // ------------------------------------------------------------------------------------------ inputs

    /**
     * Runs the speech encoder on log-mel features {@code [mel][frames]} (Whisper-compatible, with the
     * bundle's mel bins). Shorter features are padded to the encoder's fixed length with
     * {@code max(features) - 2}, the value Whisper's log-mel takes on digital silence.
     */
    public SpeechEmbeddings encodeSpeech(float[][] logMel) {
        return encodeSpeech(logMel, logMel == null || logMel.length == 0 ? 0 : logMel[0].length);
    }

    /**
     * Runs the speech encoder on log-mel features {@code [mel][frames]} whose first {@code validFrames}
     * frames cover the clip and whose remaining frames are padding the caller already computed (as
     * Whisper does, from a zero-padded waveform). Features shorter than the encoder's fixed length are
     * padded further with {@code max(valid features) - 2}.
     */
    public synchronized SpeechEmbeddings encodeSpeech(float[][] logMel, int validFrames) {
        checkOpen();
        return speech.encode(logMel, validFrames);
    }

    /** Builds the spoken-query prompt from log-mel features {@code [mel][frames]}. */
    public Prompt speechPrompt(float[][] logMel) {
        return speechPrompt(encodeSpeech(logMel));
    }

    /** Builds the spoken-query prompt around already computed speech embeddings. */
    public synchronized Prompt speechPrompt(SpeechEmbeddings speechEmbeddings) {
        checkOpen();
        return prompts.speechPrompt(speechEmbeddings);
    }

    /**
     * Builds the typed-query prompt. The transcript is trimmed; when the template has spaces just before
     * {@code {text}}, one of them belongs to the query (so that a byte-level BPE tokenizer sees " word"
     * as in running text; docs/bundle-format.md).
     */
    public synchronized Prompt textPrompt(String transcript) {
        checkOpen();
        return prompts.textPrompt(transcript);
    }

    /** The transcript's tokens and their input embeddings (the text query span at layer 0). */
    public synchronized TokenEmbeddings embedText(String transcript) {
        checkOpen();
        Prompt.Encoded query = prompts.encodeTranscript(transcript);
        try (NDManager scope = parts.manager().newSubManager()) {
            long[] ids = query.ids();
            float[] flat = stack.embedIds(scope, ids).toType(DataType.FLOAT32, false).toFloatArray();
            int d = hiddenSize();
            float[][] vectors = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                vectors[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
            return new TokenEmbeddings(ids, query.tokens(), vectors);
        }
    }

    // ------------------------------------------------------------------------------------------ passes

    /** Runs the prompt through every layer with the given hooks and returns the next-token logits. */
    public synchronized ForwardResult forward(Prompt prompt, ForwardHook... hooks) {
        checkOpen();
        try (NDManager scope = parts.manager().newSubManager()) {
            NDArray h = stack.run(scope, stack.embed(scope, prompt, new long[0]),
                    PassHooks.of(hooks, true, prompt, parts), null);
            long t = h.getShape().get(1);
            NDArray logits = parts.lmHead(h.get(new NDIndex().addAllDim().addSliceDim(t - 1, t)));
            return new ForwardResult((int) t, logits.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    /**
     * Greedy decoding: up to {@code maxTokens} new tokens, stopping at a stop token or at the model's
     * max_positions ({@link Generation#cutAtMaxPositions()}). Captures record the prompt pass;
     * interventions rewrite the prompt's positions, which every later token then sees. With a
     * key/value cache ({@link #usesKvCache()}) each new token runs one position; without one the
     * whole sequence runs again per token. Both give the same answer.
     */
    public synchronized Generation generate(Prompt prompt, int maxTokens, ForwardHook... hooks) {
        checkOpen();
        return decoder.generate(prompt, maxTokens, hooks, kvCache);
    }

    /** The log-probability of {@code answer} (tokenized without special tokens) after the prompt. */
    public synchronized AnswerScore score(Prompt prompt, String answer, ForwardHook... hooks) {
        checkOpen();
        Prompt.Encoded encoded = prompts.encodeAnswer(answer);
        long[] ids = encoded.ids();
        if (prompt.length() + ids.length > manifest().maxPositions()) {
            throw new GapScopeException("prompt and answer are " + (prompt.length() + ids.length) + " positions long; "
                    + manifest().name() + " accepts at most " + manifest().maxPositions() + " (max_positions)");
        }
        double[] each = new double[ids.length];
        double total = 0;
        try (NDManager scope = parts.manager().newSubManager()) {
            NDArray h = stack.run(scope, stack.embed(scope, prompt, ids), PassHooks.of(hooks, true, prompt, parts), null);
            int first = prompt.length() - 1;
            NDArray rows = h.get(new NDIndex().addAllDim().addSliceDim(first, first + ids.length));
            NDArray logp = parts.lmHead(rows).toType(DataType.FLOAT32, false).logSoftmax(-1);
            for (int i = 0; i < ids.length; i++) {
                each[i] = logp.getFloat(0, i, ids[i]);
                total += each[i];
            }
        }
        return new AnswerScore(total, encoded.tokens(), each);
    }

    /** Decodes token ids to text, skipping special tokens. */
    public synchronized String decode(long[] ids) {
        checkOpen();
        return prompts.decode(ids);
    }

    static int argMax(float[] values) {
        return GreedyDecoder.argMax(values);
    }

    /** One id as the tokenizer writes it, special tokens included (for {@link LmHeadLens}). */
    String tokenString(long id) {
        checkOpen();
        return prompts.tokenString(id);
    }

    /** The lm_head part (final norm + LM head) on {@code hidden} [1, T, d]: logits [1, T, vocab] (for {@link LmHeadLens}). */
    NDArray lmHeadLogits(NDArray hidden) {
        checkOpen();
        return parts.lmHead(hidden);
    }

    /** A sub-scope of the model's native memory, for one piece of work on the model's device. */
    NDManager newScope() {
        checkOpen();
        return parts.manager().newSubManager();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + manifest().name() + " is closed");
        }
    }

    /** Releases the parts, the tokenizer and all native memory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        prompts.close();
        parts.close();
    }

    @Override
    public String toString() {
        return "LayeredModel[" + manifest().name() + ", " + numLayers() + " layers, " + device() + ", " + computeType()
                + (kvCache ? ", key/value cache" : "") + "]";
    }
}
