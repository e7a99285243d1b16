package org.gapscope.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * The bundle's {@code tokenizer.json} and prompt templates: places a query in its template, encodes
 * transcripts and answers, decodes generated ids (docs/bundle-format.md, "Prompt templates").
 *
 * <p>The text before and after the placeholder is tokenized without added special tokens; special
 * tokens written in a template are recognised because they are {@code added_tokens} of the tokenizer
 * (checked on open for every {@code special_tokens} and {@code stop_tokens} entry). The leading-space
 * rule: when the text before {@code {text}} ends in spaces, exactly one of them goes with the query
 * (the transcript is tokenized as {@code " " + transcript}, so that a byte-level BPE tokenizer sees its
 * first word as in running text); any further spaces, and any other whitespace, stay with the template.
 */
final class PromptTokenizer implements AutoCloseable {

    private final BundleManifest manifest;
    private final Path manifestFile;
    private final HuggingFaceTokenizer tokenizer;
    private final String unknownToken;
    private final Set<Long> stopIds = new HashSet<>();
    private final Prompt.Encoded speechPrefix;
    private final Prompt.Encoded speechSuffix;
    private final Prompt.Encoded textPrefix;
    private final Prompt.Encoded textSuffix;
    private final boolean textLeadingSpace;

    /** Opens and checks the tokenizer against the manifest; closes it again when a check fails. */
    PromptTokenizer(ModelBundle bundle) {
        this.manifest = bundle.manifest();
        this.manifestFile = bundle.folder().resolve(ModelBundle.MANIFEST);
        Path file = bundle.tokenizerPath();
        JsonObject json = readJson(file);
        this.unknownToken = unknownToken(json);
        this.tokenizer = open(file);
        try {
            checkVocabularySize(json, file);
            Set<String> added = addedTokens(json);
            for (String stop : manifest.stopTokens()) {
                stopIds.add(specialTokenId(stop, "stop_tokens", added));
            }
            for (Map.Entry<String, String> e : manifest.specialTokens().entrySet()) {
                specialTokenId(e.getValue(), "special_tokens." + e.getKey(), added);
            }
            PromptTemplate speech = manifest.speechPrompt();
            speechPrefix = encodeTemplate(speech.prefix(), "prompt.speech");
            speechSuffix = encodeTemplate(speech.suffix(), "prompt.speech");
            PromptTemplate text = manifest.textPrompt();
            textLeadingSpace = text.prefix().endsWith(" ");
            String prefix = textLeadingSpace ? text.prefix().substring(0, text.prefix().length() - 1) : text.prefix();
            textPrefix = encodeTemplate(prefix, "prompt.text");
            textSuffix = encodeTemplate(text.suffix(), "prompt.text");
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------- opening

    private static HuggingFaceTokenizer open(Path file) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("addSpecialTokens", "false");
        options.put("truncation", "false");
        options.put("padding", "false");
        options.put("maxLength", "1000000");
        options.put("modelMaxLength", "1000000");
        try {
            return HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new GapScopeException(file + ": not a usable Hugging Face tokenizer.json: "
                    + LibtorchMessages.cause(e.getMessage()), e);
        }
    }

    private static JsonObject readJson(Path file) {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file));
            if (!root.isJsonObject()) {
                throw new GapScopeException(file + ": not a usable Hugging Face tokenizer.json: not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            if (e instanceof GapScopeException g) {
                throw g;
            }
            throw new GapScopeException(file + ": not a usable Hugging Face tokenizer.json: "
                    + LibtorchMessages.cause(e.getMessage()), e);
        }
    }

    /** The tokenizer model's unknown token, when its vocabulary has one (WordLevel, WordPiece, BPE with unk). */
    private static String unknownToken(JsonObject root) {
        JsonObject model = root.has("model") && root.get("model").isJsonObject() ? root.getAsJsonObject("model") : null;
        if (model == null || !model.has("unk_token") || model.get("unk_token").isJsonNull()) {
            return null;
        }
        String unk = model.get("unk_token").getAsString();
        JsonElement vocab = model.get("vocab");
        if (vocab != null && vocab.isJsonObject() && !vocab.getAsJsonObject().has(unk)) {
            return null;
        }
        return unk;
    }

    private static Set<String> addedTokens(JsonObject root) {
        Set<String> out = new HashSet<>();
        if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
            for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                if (t.isJsonObject() && t.getAsJsonObject().has("content")) {
                    out.add(t.getAsJsonObject().get("content").getAsString());
                }
            }
        }
        return out;
    }

    /**
     * {@code vocab_size} (the LM head's outputs, the embedding's rows) may exceed the tokenizer's size,
     * as Qwen2-Audio's padded 156,032 does, but must cover every id the tokenizer can produce.
     */
    private void checkVocabularySize(JsonObject root, Path file) {
        long largest = -1;
        JsonObject model = root.has("model") && root.get("model").isJsonObject() ? root.getAsJsonObject("model") : null;
        JsonElement vocab = model == null ? null : model.get("vocab");
        if (vocab != null && vocab.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()) {
                    largest = Math.max(largest, e.getValue().getAsLong());
                }
            }
        } else if (vocab != null && vocab.isJsonArray()) {
            largest = vocab.getAsJsonArray().size() - 1L;
        }
        if (root.has("added_tokens") && root.get("added_tokens").isJsonArray()) {
            for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                if (t.isJsonObject() && t.getAsJsonObject().has("id")) {
                    largest = Math.max(largest, t.getAsJsonObject().get("id").getAsLong());
                }
            }
        }
        if (largest >= manifest.vocabSize()) {
            throw new GapScopeException(manifestFile + ": vocab_size is " + manifest.vocabSize() + " but " + file
                    + " has token ids up to " + largest + " (vocab_size may exceed the tokenizer's size, never fall short"
                    + " of it)");
        }
    }

    private long specialTokenId(String token, String key, Set<String> added) {
        if (!added.contains(token)) {
            throw new GapScopeException(manifestFile + ": " + key + " \"" + token
                    + "\" is not one of the added_tokens of tokenizer.json (special tokens must be, so that they are"
                    + " matched whole in template text)");
        }
        long[] ids;
        try {
            ids = rawEncode(token).getIds();
        } catch (RuntimeException e) {
            throw new GapScopeException(manifestFile + ": " + key + " \"" + token
                    + "\" is not a single token of tokenizer.json (" + LibtorchMessages.cause(e.getMessage()) + ")", e);
        }
        if (ids.length != 1) {
            throw new GapScopeException(manifestFile + ": " + key + " \"" + token
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
            throw new GapScopeException(manifestFile + ": " + key + ": the tokenizer cannot encode the template text \""
                    + text + "\": " + LibtorchMessages.cause(ex.getMessage()), ex);
        }
        return new Prompt.Encoded(e.getIds(), List.of(e.getTokens()));
    }

    private Encoding rawEncode(String text) {
        return tokenizer.encode(text, false, false);
    }

    // ------------------------------------------------------------------------------------- prompts

    /** The spoken-query prompt around speech embeddings; refuses one longer than max_positions. */
    Prompt speechPrompt(SpeechEmbeddings speech) {
        if (speech.hiddenSize() != manifest.hiddenSize()) {
            throw new IllegalArgumentException("speech embeddings of width " + speech.hiddenSize() + " for a model of "
                    + manifest.hiddenSize());
        }
        Prompt p = Prompt.speech(speechPrefix, speech, speechSuffix);
        checkLength(p);
        return p;
    }

    /** The typed-query prompt (transcript stripped, leading-space rule applied); refuses one too long. */
    Prompt textPrompt(String transcript) {
        Prompt p = Prompt.text(textPrefix, encodeTranscript(transcript), textSuffix, transcript.strip());
        checkLength(p);
        return p;
    }

    /** The transcript's tokens as they stand in the text prompt's query span. */
    Prompt.Encoded encodeTranscript(String transcript) {
        if (transcript == null || transcript.isBlank()) {
            throw new GapScopeException("the transcript is empty: a text query needs at least one word");
        }
        String text = (textLeadingSpace ? " " : "") + transcript.strip();
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

    /** An answer to score, tokenized as written (no leading-space rule, no special tokens added). */
    Prompt.Encoded encodeAnswer(String answer) {
        if (answer == null || answer.isEmpty()) {
            throw new GapScopeException("the answer to score is empty");
        }
        Encoding e;
        try {
            e = rawEncode(answer);
        } catch (RuntimeException ex) {
            throw new GapScopeException("the tokenizer of " + manifest.name() + " cannot encode the answer \"" + answer
                    + "\": " + LibtorchMessages.cause(ex.getMessage()), ex);
        }
        if (e.getIds().length == 0) {
            throw new GapScopeException("the answer \"" + answer + "\" gives no tokens");
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

    private void checkLength(Prompt p) {
        if (p.length() > manifest.maxPositions()) {
            throw new GapScopeException("the " + p.modality().id() + " prompt is " + p.length() + " positions long (query "
                    + p.queryLength() + ", template " + (p.length() - p.queryLength()) + "); " + manifest.name()
                    + " accepts at most " + manifest.maxPositions() + " (max_positions)");
        }
    }

    // ------------------------------------------------------------------------------------- answers

    /** Whether generation stops at this id. */
    boolean isStop(long id) {
        return stopIds.contains(id);
    }

    /** Decodes ids to text, skipping special tokens (ids the tokenizer does not know give nothing). */
    String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** One id as the tokenizer writes it, special tokens included. */
    String tokenString(long id) {
        return tokenizer.decode(new long[] {id}, false);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
