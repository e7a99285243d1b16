package org.gapscope.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioLoader;
import org.gapscope.capture.Capture;
import org.gapscope.engine.BundleRunner;
import org.gapscope.engine.ModelRunner;
import org.gapscope.model.DeviceNames;
import org.gapscope.model.KvCacheMode;
import org.gapscope.model.LayeredModel;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;

import ai.djl.Device;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope run}: runs one spoken or typed query through a model bundle (the engine's
 * {@link BundleRunner}), prints the greedy answer and optionally saves the capture (hidden states of
 * the query span at every layer) as {@code .npz}. The answer is the decoded text of the generated
 * tokens: special tokens dropped, the stop token not printed; an answer that reached the model's
 * max_positions is followed by a note on standard error.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one query (audio, log-mel features or text) through a model bundle and print its answer.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "model bundle folder (default: the built-in model named in resources/models/DEFAULT)")
    private Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Query query;

    static final class Query {
        @Option(names = "--audio", paramLabel = "FILE", description = "the spoken query (audio file)")
        Path audio;

        @Option(names = "--features", paramLabel = "FILE.npy",
                description = "the spoken query as log-mel features, float32 [mel_bins, frames] (.npy)")
        Path features;

        @Option(names = "--text", paramLabel = "TEXT", description = "the typed query (transcript)")
        String text;
    }

    @Option(names = "--capture", paramLabel = "OUT.npz",
            description = "save the query span's hidden states at every layer (.npz, docs/bundle-format.md)")
    private Path capture;

    @Option(names = "--capture-float16", description = "store the captured hidden states as float16")
    private boolean captureFloat16;

    @Option(names = "--example-id", paramLabel = "ID", description = "example id recorded in the capture")
    private String exampleId;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "64",
            description = "most new tokens to generate (default: ${DEFAULT-VALUE})")
    private int maxTokens;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
            description = "where to run: auto (GPU when present), cpu or gpu (default: ${DEFAULT-VALUE})")
    private String device;

    @Option(names = "--no-kv-cache", description = "generate without the bundle's key/value cache: the whole sequence runs "
            + "again for every new token (same answer, slower; format 1 bundles never have a cache)")
    private boolean noKvCache;

    @Override
    public Integer call() {
        if (maxTokens < 1) {
            throw new GapScopeException("--max-tokens must be at least 1, not " + maxTokens);
        }
        ModelChoice choice = ModelChoice.of(model);
        try (BundleRunner runner = BundleRunner.open(choice.folder(), device(device),
                noKvCache ? KvCacheMode.OFF : KvCacheMode.WHEN_AVAILABLE)) {
            ModelRunner.Answered answer = answer(runner, exampleId != null ? exampleId : defaultExampleId());
            spec.commandLine().getOut().println(answer.answer());
            if (answer.cutAtMaxPositions()) {
                spec.commandLine().getErr().printf(Locale.ROOT, "gapscope: %s (%d)%n", ModelRunner.Answered.CUT_NOTE,
                        runner.model().manifest().maxPositions());
            }
            // after the answer, so that a query the model refuses stays one line on standard error
            spec.commandLine().getErr().println("gapscope: " + choice.describe(runner.modelName(),
                    DeviceNames.system().describe(runner.model().device())));
            if (capture != null) {
                Capture c = answer.capture();
                c.save(capture, captureFloat16);
                spec.commandLine().getErr().printf(Locale.ROOT, "gapscope: saved %s (%d layers x %d positions x %d)%n",
                        capture, c.layerCount(), c.length(), c.hiddenSize());
            }
        }
        return 0;
    }

    private ModelRunner.Answered answer(BundleRunner runner, String id) {
        if (query.text != null) {
            return runner.text(id, query.text, maxTokens);
        }
        if (query.features != null) {
            NpyArray a = Npy.read(query.features);
            if (a.rank() != 2 || !a.dtype().isFloating()) {
                throw new GapScopeException(query.features + ": log-mel features must be a 2-D float array "
                        + "[mel_bins, frames], is " + a);
            }
            long[] shape = a.shape();
            float[] flat = a.toFloatArray();
            float[][] m = new float[(int) shape[0]][(int) shape[1]];
            for (int i = 0; i < m.length; i++) {
                System.arraycopy(flat, i * m[i].length, m[i], 0, m[i].length);
            }
            return runner.speech(id, runner.frontEnd().input(m), maxTokens);
        }
        return runner.speech(id, runner.speechInput(new AudioLoader().load(query.audio)), maxTokens);
    }

    private String defaultExampleId() {
        Path source = query.audio != null ? query.audio : query.features;
        return source != null && source.getFileName() != null ? source.getFileName().toString() : "";
    }

    static Device device(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> LayeredModel.defaultDevice();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (!LayeredModel.defaultDevice().isGpu()) {
                    throw new GapScopeException("--device gpu: PyTorch sees no GPU here (a CUDA build is made with "
                            + "mvn -Pcuda)");
                }
                yield Device.gpu();
            }
            default -> throw new GapScopeException("--device must be auto, cpu or gpu, not \"" + name + "\"");
        };
    }
}
