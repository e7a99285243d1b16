package org.gapscope.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Utils;

/**
 * Run by {@link AppImageIT} with the app image's own Java runtime and class path: loads the three
 * native stacks the program uses (libtorch through DJL, the Hugging Face tokenizers, ND4J) offline
 * and prints what it got as {@code key=value} lines, so the test can check them.
 */
public final class PackagedRuntimeProbe {

    private PackagedRuntimeProbe() {
    }

    /** Prints the DJL cache folders and one result per native stack; args[0] is a scratch folder. */
    public static void main(String[] args) throws IOException {
        Path scratch = Path.of(args[0]);
        print("java.home", System.getProperty("java.home"));
        print("ai.djl.offline", System.getProperty("ai.djl.offline"));
        print("djl.cache", Utils.getCacheDir());
        print("djl.engineCache", Utils.getEngineCacheDir());

        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new Shape(2, 2));
            print("torch.matmul", join(a.matMul(b).toFloatArray()));
        }
        print("torch.version", engine.getVersion());

        Path tokenizerJson = scratch.resolve("tokenizer.json");
        Files.writeString(tokenizerJson, "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
                + "\"added_tokens\":[],\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
                + "\"post_processor\":null,\"decoder\":null,\"model\":{\"type\":\"WordLevel\","
                + "\"vocab\":{\"[UNK]\":0,\"speech\":1,\"text\":2,\"gap\":3},\"unk_token\":\"[UNK]\"}}",
                StandardCharsets.UTF_8);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false)
                .build()) {
            Encoding encoding = tokenizer.encode("text speech gap unknown");
            print("tokenizers.ids", Arrays.stream(encoding.getIds()).mapToObj(Long::toString)
                    .collect(Collectors.joining(",")));
        }

        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3});
        INDArray y = Nd4j.create(new float[] {7, 8, 9, 10, 11, 12}, new long[] {3, 2});
        print("nd4j.mmul", join(x.mmul(y).data().asFloat()));
        System.out.flush();
        // ND4J's and DJL's native threads may keep the JVM alive; the launchers end with System.exit too
        System.exit(0);
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    private static String join(float[] values) {
        StringBuilder text = new StringBuilder();
        for (float v : values) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v));
        }
        return text.toString();
    }
}
