package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.djl.Device;

/**
 * The template rules of docs/bundle-format.md with a byte-level BPE tokenizer (as Qwen2's), where a
 * leading space changes the token: exactly one space before {@code {text}} goes with the query, any
 * further whitespace stays in the template, so the query span is the transcript's words and nothing
 * else; ids the tokenizer does not know (vocab_size may exceed its size) decode to nothing.
 */
class PromptTemplateRulesTest {

    @TempDir
    Path dir;

    /** A byte-level BPE tokenizer.json that knows "q", ":", "what", "is", spaces and newlines. */
    static JsonObject byteLevelBpe() {
        String[] vocab = {"<bos>", "<eos>", "<pad>", "Ġ", "Ċ", "q", ":", "w", "h", "a", "t", "i", "s", "wh", "at", "what",
            "Ġwhat", "is", "Ġis", "ĠĠ"};
        JsonObject v = new JsonObject();
        for (int i = 0; i < vocab.length; i++) {
            v.addProperty(vocab[i], i);
        }
        JsonArray merges = new JsonArray();
        for (String m : List.of("w h", "a t", "wh at", "Ġ what", "i s", "Ġ is", "Ġ Ġ")) {
            merges.add(m);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("vocab", v);
        model.add("merges", merges);
        model.add("unk_token", null);
        JsonObject byteLevel = new JsonObject();
        byteLevel.addProperty("type", "ByteLevel");
        byteLevel.addProperty("add_prefix_space", false);
        byteLevel.addProperty("trim_offsets", true);
        byteLevel.addProperty("use_regex", true);
        JsonArray added = new JsonArray();
        for (int i = 0; i < 3; i++) {
            JsonObject t = new JsonObject();
            t.addProperty("id", i);
            t.addProperty("content", vocab[i]);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        root.add("added_tokens", added);
        root.add("normalizer", null);
        root.add("pre_tokenizer", byteLevel);
        root.add("post_processor", null);
        root.add("decoder", byteLevel);
        root.add("model", model);
        return root;
    }

    /** The mini bundle with the BPE tokenizer and a text template whose text before {text} is {@code before}. */
    private Path bundle(String before) throws IOException {
        Path b = MiniBundles.copy(MiniBundles.QWEN2_AUDIO, dir.resolve("bpe"));
        Files.writeString(b.resolve("tokenizer.json"), byteLevelBpe().toString());
        Path manifest = b.resolve("bundle.json");
        JsonObject m = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
        JsonObject prompt = m.getAsJsonObject("prompt");
        prompt.addProperty("text", "<bos>q:" + before + "{text}");
        prompt.addProperty("speech", "<bos>q:{speech}");
        Files.writeString(manifest, m.toString());
        return b;
    }

    @ParameterizedTest(name = "{0} before the placeholder")
    @CsvSource(delimiter = '|', value = {
        "ONE     | <bos>,q,:   | Ġwhat,Ġis", // one space: it goes with the query
        "NONE    | <bos>,q,:   | what,Ġis",  // no space: the first word as it stands
        "TWO     | <bos>,q,:,Ġ | Ġwhat,Ġis", // two spaces: one stays in the template
        "NEWLINE | <bos>,q,:,Ċ | what,Ġis",  // a newline stays in the template
    })
    void theQuerySpanIsTheTranscriptsWordsWhateverWhitespacePrecedesIt(String before, String prefix, String query)
            throws IOException {
        String spaces = switch (before) {
            case "ONE" -> " ";
            case "TWO" -> "  ";
            case "NEWLINE" -> "\n";
            default -> "";
        };
        try (LayeredModel m = LayeredModel.open(ModelBundle.open(bundle(spaces)), Device.cpu())) {
            Prompt p = m.textPrompt("  what is ");
            assertEquals(List.of(query.split(",")), p.queryTokens(), "query span");
            assertEquals(List.of(prefix.split(",")), p.allTokens().subList(0, p.queryStart()), "template before it");
            assertEquals("what is", p.transcript());
            assertEquals("", m.decode(new long[] {40, 63}), "ids past the tokenizer's size decode to nothing");
            assertEquals(" what is", m.decode(new long[] {16, 18, 1}), "special tokens dropped");
        }
    }
}
