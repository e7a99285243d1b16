package org.gapscope.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Modality;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A model bundle loaded with DJL's PyTorch engine and run one decoder layer at a time, so that
 * {@link ForwardHook}s can capture and rewrite the hidden states between layers.
 *
 * <p>The device is chosen once, when the model opens: a GPU when DJL sees one (computing in the
 * bundle's dtype), else the CPU (computing in float32, whatever the stored dtype). Every pass runs in
 * its own {@link NDManager} sub-scope, so native memory does not grow from pass to pass. Methods are
 * synchronized: one pass at a time. Errors the user can cause (audio too long, empty transcript, text
 * the tokenizer cannot encode, a prompt longer than the model accepts) throw {@link GapScopeException}
 * and leave the model ready for the next example.
 */
public final class LayeredModel implements AutoCloseable {

    private static final String ENGINE = "PyTorch";

    private final ModelBundle bundle;
    private final BundleManifest manifest;
    private final Device device;
    private final DataType computeType;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final List<Model> models = new ArrayList<>();
    private final Block speechEncoder;
    private final Block embedTokens;
    private final List<Block> layers = new ArrayList<>();
    private final Block lmHead;
    private final HuggingFaceTokenizer tokenizer;
    private final String unknownToken;
    private final Set<Long> stopIds = new HashSet<>();
    private final Prompt.Encoded speechPrefix;
    private final Prompt.Encoded speechSuffix;
    private final Prompt.Encoded textPrefix;
    private final Prompt.Encoded textSuffix;
    private final int textLeadingSpaces;
    private boolean closed;

    private LayeredModel(ModelBundle bundle, Device device) {
        this.bundle = bundle;
        this.manifest = bundle.manifest();
        this.device = device;
        this.computeType = device.isGpu() ? manifest.dtype().dataType() : DataType.FLOAT32;
        this.manager = NDManager.newBaseManager(device, ENGINE);
        this.parameterStore = new ParameterStore(manager, false);
        HuggingFaceTokenizer tok = null;
        try {
            BundleParts p = manifest.parts();
            speechEncoder = load(p.speechEncoder());
            embedTokens = load(p.embedTokens());
            for (String layer : p.layers()) {
                layers.add(load(layer));
            }
            lmHead = load(p.lmHead());
            tok = openTokenizer(bundle.tokenizerPath());
            tokenizer = tok;
            unknownToken = unknownToken(bundle.tokenizerPath());
            for (String stop : manifest.stopTokens()) {
                stopIds.add(singleTokenId(stop, "stop_tokens"));
            }
            for (Map.Entry<String, String> e : manifest.specialTokens().entrySet()) {
                singleTokenId(e.getValue(), "special_tokens." + e.getKey());
            }
            PromptTemplate speech = manifest.speechPrompt();
            speechPrefix = encodeTemplate(speech.prefix(), "prompt.speech");
            speechSuffix = encodeTemplate(speech.suffix(), "prompt.speech");
            PromptTemplate text = manifest.textPrompt();
            String textPrefixText = text.prefix();
            int spaces = 0;
            while (spaces < textPrefixText.length() && textPrefixText.charAt(textPrefixText.length() - 1 - spaces) == ' ') {
                spaces++;
            }
            textLeadingSpaces = spaces;
            textPrefix = encodeTemplate(textPrefixText.substring(0, textPrefixText.length() - spaces), "prompt.text");
            textSuffix = encodeTemplate(text.suffix(), "prompt.text");
            probe();
        } catch (RuntimeException e) {
            closeQuietly(tok);
            models.forEach(Model::close);
            manager.close();
            throw e;
        }
    }

    /** Opens the bundle on the default device: a GPU when DJL sees one, else the CPU. */
    public static LayeredModel open(ModelBundle bundle) {
        return open(bundle, defaultDevice());
    }

    /** Opens the bundle on the given device, loading and probing every part. */
    public static LayeredModel open(ModelBundle bundle, Device device) {
        return new LayeredModel(bundle, device);
    }

    /** A GPU when the PyTorch engine sees one, else the CPU. */
    public static Device defaultDevice() {
        return Engine.getEngine(ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    // ------------------------------------------------------------------------------------------ loading

    private Block load(String part) {
        Path file = bundle.resolve(part);
        Model model = Model.newInstance(part, device, ENGINE);
        try {
            model.load(file, null, Map.of("mapLocation", "true"));
        } catch (MalformedModelException | IOException | EngineException | IllegalArgumentException e) {
            model.close();
            throw new GapScopeException(file + ": libtorch cannot load part " + part + ": " + firstLine(e.getMessage()), e);
        }
        models.add(model);
        return model.getBlock();
    }

    private static HuggingFaceTokenizer openTokenizer(Path file) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("addSpecialTokens", "false");
        options.put("truncation", "false");
        options.put("padding", "false");
        options.put("maxLength", "1000000");
        options.put("modelMaxLength", "1000000");
        try {
            return HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new GapScopeException(file + ": not a usable Hugging Face tokenizer.json: " + firstLine(e.getMessage()), e);
        }
    }

    /** The tokenizer model's unknown token, when its vocabulary has one (WordLevel, WordPiece, BPE with unk). */
    private static String unknownToken(Path file) {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file));
            JsonObject model = root.getAsJsonObject().getAsJsonObject("model");
            if (model == null || !model.has("unk_token") || model.get("unk_token").isJsonNull()) {
                return null;
            }
            String unk = model.get("unk_token").getAsString();
            JsonElement vocab = model.get("vocab");
            if (vocab != null && vocab.isJsonObject() && !vocab.getAsJsonObject().has(unk)) {
                return null;
            }
            return unk;
        } catch (IOException | RuntimeException e) {
            throw new GapScopeException(file + ": cannot read: " + firstLine(e.getMessage()), e);
        }
    }

    private long singleTokenId(String token, String key) {
        long[] ids;
        try {
            ids = rawEncode(token).getIds();
        } catch (RuntimeException e) {
            throw new GapScopeException(bundle.folder().resolve(ModelBundle.MANIFEST) + ": " + key + " \"" + token
                    + "\" is not a single token of tokenizer.json (" + firstLine(e.getMessage()) + ")", e);
        }
        if (ids.length != 1) {
            throw new GapScopeException(bundle.folder().resolve(ModelBundle.MANIFEST) + ": " + key + " \"" + token
                    + "\" is not a single token of tokenizer.json (it encodes to " + ids.length + " tokens)");
        }
        return ids[0];
    }

    private Prompt.Encoded encodeTemplate(String text, String key) {
        if (text.isEmpty()) {
            return new Prompt.Encoded(new long[0], List.of());
        }
        Encoding e;
        try {
            e = rawEncode(text);
        } catch (RuntimeException ex) {
            throw new GapScopeException(bundle.folder().resolve(ModelBundle.MANIFEST) + ": " + key
                    + ": the tokenizer cannot encode the template text \"" + text + "\": " + firstLine(ex.getMessage()), ex);
        }
        return new Prompt.Encoded(e.getIds(), List.of(e.getTokens()));
    }

    private Encoding rawEncode(String text) {
        return tokenizer.encode(text, false, false);
    }

    /** Runs every part once on a small input and checks output shapes against the manifest. */
    private void probe() {
        int d = manifest.hiddenSize();
        FeatureSettings f = manifest.features();
        int frames = f.padToFrames() != null ? f.padToFrames() : Math.min(f.maxFrames(), 100);
        try (NDManager scope = manager.newSubManager()) {
            NDArray feats = scope.zeros(new Shape(1, f.melBins(), frames), computeType);
            NDArray n = scope.create(new long[] {frames});
            Shape s = run(speechEncoder, manifest.parts().speechEncoder(), feats, n).getShape();
            expect(s.dimension() == 3 && s.get(0) == 1 && s.get(2) == d, manifest.parts().speechEncoder(),
                    "outputs " + s + ", expected [1, T, " + d + "] (hidden_size " + d + ")");
            NDArray ids = scope.create(new long[] {0, 0, 0}, new Shape(1, 3));
            NDArray h = run(embedTokens, manifest.parts().embedTokens(), ids);
            expect(h.getShape().equals(new Shape(1, 3, d)), manifest.parts().embedTokens(),
                    "outputs " + h.getShape() + ", expected (1, 3, " + d + ") (hidden_size " + d + ")");
            h = h.toType(computeType, false);
            for (int i = 0; i < layers.size(); i++) {
                String part = manifest.parts().layers().get(i);
                h = run(layers.get(i), part, h);
                expect(h.getShape().equals(new Shape(1, 3, d)), part,
                        "outputs " + h.getShape() + ", expected (1, 3, " + d + ") (hidden_size " + d + ")");
            }
            Shape logits = run(lmHead, manifest.parts().lmHead(), h).getShape();
            expect(logits.equals(new Shape(1, 3, manifest.vocabSize())), manifest.parts().lmHead(),
                    "outputs " + logits + ", expected (1, 3, " + manifest.vocabSize() + ") (vocab_size "
                            + manifest.vocabSize() + ")");
        }
    }

    private void expect(boolean ok, String part, String problem) {
        if (!ok) {
            throw new GapScopeException(bundle.resolve(part) + ": part " + part + " " + problem);
        }
    }

    private NDArray run(Block block, String part, NDArray... inputs) {
        try {
            NDList out = block.forward(parameterStore, new NDList(inputs), false);
            return out.head();
        } catch (EngineException | IllegalStateException | IllegalArgumentException e) {
            throw new GapScopeException(bundle.resolve(part) + ": part " + part + " failed on its input "
                    + Arrays.stream(inputs).map(a -> a.getShape().toString()).toList() + ": " + firstLine(e.getMessage()), e);
        }
    }

    // ------------------------------------------------------------------------------------------ queries

    /** The bundle this model was loaded from. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The bundle's manifest. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The device every pass runs on. */
    public Device device() {
        return device;
    }

    /** The dtype the hidden states are computed in on this device. */
    public DataType computeType() {
        return computeType;
    }

    /** L, the number of decoder layers. */
    public int numLayers() {
        return layers.size();
    }

    /** d, the hidden size. */
    public int hiddenSize() {
        return manifest.hiddenSize();
    }

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
        FeatureSettings f = manifest.features();
        if (logMel == null || logMel.length == 0 || logMel[0].length == 0) {
            throw new GapScopeException("the audio is empty: no log-mel frames");
        }
        if (logMel.length != f.melBins()) {
            throw new GapScopeException("the features have " + logMel.length + " mel bins; model " + manifest.name()
                    + " expects " + f.melBins());
        }
        int given = logMel[0].length;
        for (int i = 1; i < logMel.length; i++) {
            if (logMel[i].length != given) {
                throw new GapScopeException("the features are ragged: mel bin " + i + " has " + logMel[i].length
                        + " frames, bin 0 has " + given);
            }
        }
        if (validFrames < 0 || validFrames > given) {
            throw new IllegalArgumentException(validFrames + " valid frames of " + given);
        }
        int frames = validFrames;
        if (frames == 0) {
            throw new GapScopeException("the audio is empty: no log-mel frames");
        }
        if (frames > f.maxFrames()) {
            throw new GapScopeException(String.format(java.util.Locale.ROOT,
                    "the audio is %.2f s long (%d frames); the speech encoder of %s accepts at most %.2f s (%d frames)",
                    frames * f.frameSeconds(), frames, manifest.name(), f.maxSeconds(), f.maxFrames()));
        }
        // with a fixed-length encoder, caller-computed padding is kept; without one, only valid frames go in
        int width = f.padToFrames() != null ? f.padToFrames() : frames;
        int copied = f.padToFrames() != null ? given : frames;
        if (copied > width) {
            throw new GapScopeException("the features have " + given + " frames with padding; the speech encoder of "
                    + manifest.name() + " takes " + width);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : logMel) {
            for (int i = 0; i < given; i++) {
                float v = row[i];
                if (!Float.isFinite(v)) {
                    throw new GapScopeException("the log-mel features contain a non-finite value (" + v + ")");
                }
                if (i < frames) {
                    max = Math.max(max, v);
                }
            }
        }
        float padValue = max - 2f;
        float[] flat = new float[f.melBins() * width];
        for (int m = 0; m < f.melBins(); m++) {
            System.arraycopy(logMel[m], 0, flat, m * width, copied);
            Arrays.fill(flat, m * width + copied, (m + 1) * width, padValue);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray feats = scope.create(flat, new Shape(1, f.melBins(), width)).toType(computeType, false);
            NDArray n = scope.create(new long[] {frames});
            NDArray out = run(speechEncoder, manifest.parts().speechEncoder(), feats, n);
            Shape s = out.getShape();
            if (s.dimension() != 3 || s.get(2) != manifest.hiddenSize()) {
                throw new GapScopeException(bundle.resolve(manifest.parts().speechEncoder()) + ": outputs " + s
                        + ", expected [1, T, " + manifest.hiddenSize() + "]");
            }
            int positions = (int) s.get(1);
            if (positions == 0) {
                throw new GapScopeException(String.format(java.util.Locale.ROOT,
                        "the audio is too short (%.3f s, %d frames): the speech encoder gives no speech position",
                        frames * f.frameSeconds(), frames));
            }
            float[] data = out.toType(DataType.FLOAT32, false).toFloatArray();
            return new SpeechEmbeddings(data, positions, manifest.hiddenSize(), frames, f.frameSeconds());
        }
    }

    /** Builds the spoken-query prompt from log-mel features {@code [mel][frames]}. */
    public Prompt speechPrompt(float[][] logMel) {
        return speechPrompt(encodeSpeech(logMel));
    }

    /** Builds the spoken-query prompt around already computed speech embeddings. */
    public Prompt speechPrompt(SpeechEmbeddings speech) {
        if (speech.hiddenSize() != manifest.hiddenSize()) {
            throw new IllegalArgumentException("speech embeddings of width " + speech.hiddenSize() + " for a model of "
                    + manifest.hiddenSize());
        }
        Prompt p = Prompt.speech(speechPrefix, speech, speechSuffix);
        checkLength(p.length(), p);
        return p;
    }

    /**
     * Builds the typed-query prompt. The transcript is trimmed; spaces just before {@code {text}} in the
     * template belong to the query (so that a byte-level BPE tokenizer sees " word" as in running text).
     */
    public Prompt textPrompt(String transcript) {
        Prompt.Encoded query = encodeTranscript(transcript);
        Prompt p = Prompt.text(textPrefix, query, textSuffix, transcript.strip());
        checkLength(p.length(), p);
        return p;
    }

    /** The transcript's tokens and their input embeddings (the text query span at layer 0). */
    public synchronized TokenEmbeddings embedText(String transcript) {
        checkOpen();
        Prompt.Encoded query = encodeTranscript(transcript);
        try (NDManager scope = manager.newSubManager()) {
            long[] ids = query.ids();
            NDArray e = run(embedTokens, manifest.parts().embedTokens(), scope.create(ids, new Shape(1, ids.length)));
            float[] flat = e.toType(DataType.FLOAT32, false).toFloatArray();
            int d = manifest.hiddenSize();
            float[][] vectors = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                vectors[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
            return new TokenEmbeddings(ids, query.tokens(), vectors);
        }
    }

    private synchronized Prompt.Encoded encodeTranscript(String transcript) {
        checkOpen();
        if (transcript == null || transcript.isBlank()) {
            throw new GapScopeException("the transcript is empty: a text query needs at least one word");
        }
        String text = " ".repeat(textLeadingSpaces) + transcript.strip();
        Encoding e;
        try {
            e = rawEncode(text);
        } catch (RuntimeException ex) {
            throw unencodable(transcript, ex);
        }
        if (e.getIds().length == 0) {
            throw new GapScopeException("the transcript \"" + transcript.strip() + "\" gives no tokens");
        }
        if (unknownToken != null && !transcript.contains(unknownToken) && List.of(e.getTokens()).contains(unknownToken)) {
            throw unencodable(transcript, null);
        }
        return new Prompt.Encoded(e.getIds(), List.of(e.getTokens()));
    }

    /**
     * A transcript cannot be encoded when the tokenizer fails on it (a word-level vocabulary without an
     * unknown token meets a word it lacks) or maps part of it to its unknown token. The message names
     * the words.
     */
    private GapScopeException unencodable(String transcript, RuntimeException cause) {
        List<String> bad = new ArrayList<>();
        for (String word : transcript.strip().split("\\s+")) {
            try {
                Encoding w = rawEncode(word);
                if (unknownToken != null && !word.contains(unknownToken) && List.of(w.getTokens()).contains(unknownToken)) {
                    bad.add(word);
                }
            } catch (RuntimeException ex) {
                bad.add(word);
            }
        }
        String what = bad.isEmpty() ? "\"" + transcript.strip() + "\"" : "\"" + String.join("\", \"", bad) + "\"";
        String message = "the tokenizer of " + manifest.name() + " cannot encode " + what
                + " (not in its vocabulary" + (unknownToken == null ? ", and it has no unknown token)" : ")");
        return cause == null ? new GapScopeException(message) : new GapScopeException(message, cause);
    }

    private void checkLength(int length, Prompt p) {
        if (length > manifest.maxPositions()) {
            throw new GapScopeException("the " + p.modality().id() + " prompt is " + length + " positions long (query "
                    + p.queryLength() + ", template " + (p.length() - p.queryLength()) + "); " + manifest.name()
                    + " accepts at most " + manifest.maxPositions() + " (max_positions)");
        }
    }

    // ------------------------------------------------------------------------------------------ passes

    /** Runs the prompt through every layer with the given hooks and returns the next-token logits. */
    public synchronized ForwardResult forward(Prompt prompt, ForwardHook... hooks) {
        checkOpen();
        Pass pass = Pass.of(hooks, true);
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = decoder(scope, prompt, new long[0], pass);
            int t = (int) h.getShape().get(1);
            NDArray logits = run(lmHead, manifest.parts().lmHead(), lastPosition(h));
            return new ForwardResult(t, logits.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    /**
     * Greedy decoding: up to {@code maxTokens} new tokens, stopping at a stop token or at the model's
     * max_positions. The prefix is recomputed at every step (no key-value cache), with the hooks'
     * interventions applied on every step and captures taken on the first (the prompt pass).
     */
    public synchronized Generation generate(Prompt prompt, int maxTokens, ForwardHook... hooks) {
        checkOpen();
        if (maxTokens < 1) {
            throw new GapScopeException("the maximum number of new tokens must be at least 1, not " + maxTokens);
        }
        List<Long> out = new ArrayList<>();
        Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
        boolean first = true;
        while (out.size() < maxTokens) {
            if (prompt.length() + out.size() > manifest.maxPositions()) {
                reason = Generation.StopReason.MAX_POSITIONS;
                break;
            }
            Pass pass = Pass.of(hooks, first);
            first = false;
            long next;
            try (NDManager scope = manager.newSubManager()) {
                NDArray h = decoder(scope, prompt, toArray(out), pass);
                NDArray logits = run(lmHead, manifest.parts().lmHead(), lastPosition(h));
                next = argMax(logits.toType(DataType.FLOAT32, false).toFloatArray());
            }
            out.add(next);
            if (stopIds.contains(next)) {
                reason = Generation.StopReason.STOP_TOKEN;
                break;
            }
        }
        long[] ids = toArray(out);
        long[] answerIds = reason == Generation.StopReason.STOP_TOKEN ? Arrays.copyOf(ids, ids.length - 1) : ids;
        List<String> tokens = new ArrayList<>();
        for (long id : ids) {
            tokens.add(tokenString(id));
        }
        return new Generation(decode(answerIds), ids, tokens, reason);
    }

    /** The log-probability of {@code answer} (tokenized without special tokens) after the prompt. */
    public synchronized AnswerScore score(Prompt prompt, String answer, ForwardHook... hooks) {
        checkOpen();
        if (answer == null || answer.isEmpty()) {
            throw new GapScopeException("the answer to score is empty");
        }
        Encoding e;
        try {
            e = rawEncode(answer);
        } catch (RuntimeException ex) {
            throw new GapScopeException("the tokenizer of " + manifest.name() + " cannot encode the answer \"" + answer
                    + "\": " + firstLine(ex.getMessage()), ex);
        }
        long[] ids = e.getIds();
        if (ids.length == 0) {
            throw new GapScopeException("the answer \"" + answer + "\" gives no tokens");
        }
        if (prompt.length() + ids.length > manifest.maxPositions()) {
            throw new GapScopeException("prompt and answer are " + (prompt.length() + ids.length) + " positions long; "
                    + manifest.name() + " accepts at most " + manifest.maxPositions() + " (max_positions)");
        }
        double[] each = new double[ids.length];
        double total = 0;
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = decoder(scope, prompt, ids, Pass.of(hooks, true));
            int first = prompt.length() - 1;
            NDArray rows = h.get(new NDIndex().addAllDim().addSliceDim(first, first + ids.length));
            NDArray logp = run(lmHead, manifest.parts().lmHead(), rows).toType(DataType.FLOAT32, false)
                    .logSoftmax(-1);
            for (int i = 0; i < ids.length; i++) {
                each[i] = logp.getFloat(0, i, ids[i]);
                total += each[i];
            }
        }
        return new AnswerScore(total, List.of(e.getTokens()), each);
    }

    /** Decodes token ids to text, skipping special tokens. */
    public synchronized String decode(long[] ids) {
        checkOpen();
        return tokenizer.decode(ids, true);
    }

    String tokenString(long id) {
        return tokenizer.decode(new long[] {id}, false);
    }

    /** The lm_head part (final norm + LM head) on {@code hidden} [1, T, d]: logits [1, T, vocab] (for {@link LmHeadLens}). */
    NDArray lmHeadLogits(NDArray hidden) {
        checkOpen();
        return run(lmHead, manifest.parts().lmHead(), hidden);
    }

    /** A sub-scope of the model's native memory, for one piece of work on the model's device. */
    NDManager newScope() {
        checkOpen();
        return manager.newSubManager();
    }

    /**
     * Embeds the prompt (plus {@code appended} token ids), then runs the decoder layer by layer with the
     * pass's hooks; returns the last layer's output {@code [1, T, d]} (before the final norm).
     */
    private NDArray decoder(NDManager scope, Prompt prompt, long[] appended, Pass pass) {
        int total = prompt.length() + appended.length;
        if (total > manifest.maxPositions()) {
            throw new GapScopeException("the sequence is " + total + " positions long; " + manifest.name()
                    + " accepts at most " + manifest.maxPositions() + " (max_positions)");
        }
        NDArray h = embed(scope, prompt, appended);
        int layerCount = layers.size();
        for (CaptureHook c : pass.captures) {
            c.begin(prompt, layerCount, manifest.hiddenSize(), manifest.name());
        }
        for (InterventionHook i : pass.interventions) {
            checkIntervention(i, prompt);
        }
        // each capture keeps its per-layer slices on the device and copies them out once, after the pass
        List<NDList> slices = new ArrayList<>();
        for (int k = 0; k < pass.captures.size(); k++) {
            slices.add(new NDList(layerCount + 1));
        }
        for (int l = 0; l <= layerCount; l++) {
            if (l > 0) {
                h = run(layers.get(l - 1), manifest.parts().layers().get(l - 1), h);
            }
            for (InterventionHook i : pass.interventions) {
                h = intervene(scope, h, i, l, prompt);
            }
            for (int k = 0; k < pass.captures.size(); k++) {
                CaptureHook c = pass.captures.get(k);
                slices.get(k).add(h.get(new NDIndex().addIndices(0).addSliceDim(c.start(), c.start() + c.length())));
            }
        }
        for (int k = 0; k < pass.captures.size(); k++) {
            CaptureHook c = pass.captures.get(k);
            c.recordAll(NDArrays.stack(slices.get(k), 0).toType(DataType.FLOAT32, false).toFloatArray());
            c.finish();
        }
        return h;
    }

    private NDArray embed(NDManager scope, Prompt prompt, long[] appended) {
        String part = manifest.parts().embedTokens();
        if (prompt.modality() == Modality.TEXT) {
            long[] ids = concat(prompt.prefixIds(), prompt.queryIds(), prompt.suffixIds(), appended);
            return run(embedTokens, part, scope.create(ids, new Shape(1, ids.length))).toType(computeType, false);
        }
        NDList pieces = new NDList();
        if (prompt.prefixIds().length > 0) {
            pieces.add(run(embedTokens, part, scope.create(prompt.prefixIds(), new Shape(1, prompt.prefixIds().length)))
                    .toType(computeType, false));
        }
        SpeechEmbeddings s = prompt.speech();
        pieces.add(scope.create(s.data(), new Shape(1, s.positions(), s.hiddenSize())).toType(computeType, false));
        long[] rest = concat(prompt.suffixIds(), appended);
        if (rest.length > 0) {
            pieces.add(run(embedTokens, part, scope.create(rest, new Shape(1, rest.length))).toType(computeType, false));
        }
        return pieces.size() == 1 ? pieces.head() : NDArrays.concat(pieces, 1);
    }

    private void checkIntervention(InterventionHook hook, Prompt prompt) {
        for (Map.Entry<Integer, List<InterventionHook.Edit>> e : hook.all().entrySet()) {
            if (e.getKey() > layers.size()) {
                throw new GapScopeException("intervention at layer " + e.getKey() + ": " + manifest.name() + " has layers 0.."
                        + layers.size());
            }
            for (InterventionHook.Edit edit : e.getValue()) {
                if (edit.position() >= prompt.queryLength()) {
                    throw new GapScopeException("intervention at position " + edit.position()
                            + ": the query span has " + prompt.queryLength() + " positions");
                }
            }
        }
    }

    private NDArray intervene(NDManager scope, NDArray h, InterventionHook hook, int layer, Prompt prompt) {
        List<InterventionHook.Edit> edits = hook.edits(layer);
        if (edits.isEmpty()) {
            return h;
        }
        NDArray edited = h.duplicate();
        int d = manifest.hiddenSize();
        for (InterventionHook.Edit edit : edits) {
            int position = prompt.queryStart() + edit.position();
            float[] current = h.get(0, position).toType(DataType.FLOAT32, false).toFloatArray();
            float[] replacement = edit.rewrite().rewrite(layer, edit.position(), current);
            if (replacement == null || replacement.length != d) {
                throw new GapScopeException("intervention at layer " + layer + ", position " + edit.position()
                        + ": the new vector has " + (replacement == null ? "no" : replacement.length)
                        + " values, the model's hidden size is " + d);
            }
            edited.set(new NDIndex(0, position), scope.create(replacement).toType(computeType, false));
        }
        return edited;
    }

    /** The hooks of one pass, sorted by kind. */
    private record Pass(List<InterventionHook> interventions, List<CaptureHook> captures) {
        static Pass of(ForwardHook[] hooks, boolean capture) {
            List<InterventionHook> interventions = new ArrayList<>();
            List<CaptureHook> captures = new ArrayList<>();
            for (ForwardHook h : hooks) {
                if (h instanceof InterventionHook i) {
                    interventions.add(i);
                } else if (h instanceof CaptureHook c && capture && c.wantsPass()) {
                    captures.add(c);
                }
            }
            return new Pass(interventions, captures);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The last position of {@code [1, T, d]} as {@code [1, 1, d]}. */
    private static NDArray lastPosition(NDArray h) {
        long t = h.getShape().get(1);
        return h.get(new NDIndex().addAllDim().addSliceDim(t - 1, t));
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] out = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no details)";
        }
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }

    private static void closeQuietly(HuggingFaceTokenizer t) {
        if (t != null) {
            t.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + manifest.name() + " is closed");
        }
    }

    /** Releases the parts, the tokenizer and all native memory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        tokenizer.close();
        models.forEach(Model::close);
        manager.close();
    }

    @Override
    public String toString() {
        return "LayeredModel[" + manifest.name() + ", " + layers.size() + " layers, " + device + ", " + computeType + "]";
    }
}
