package org.gapscope.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.LayerRange;
import org.gapscope.audio.AudioLoader;
import org.gapscope.capture.Capture;
import org.gapscope.engine.ModelRunner;
import org.gapscope.engine.SpeechFrontEnd;
import org.gapscope.lenses.LensAgreement;
import org.gapscope.lenses.LensJson;
import org.gapscope.lenses.LensReadout;
import org.gapscope.lenses.LensSources;
import org.gapscope.lenses.LogitLens;
import org.gapscope.lenses.ReferenceWords;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.lenses.TopTokens;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.DeviceNames;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.LmHeadLens;
import org.gapscope.model.ModelBundle;
import org.gapscope.model.Prompt;
import org.gapscope.npy.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope lens}: the logit lens on a spoken and/or typed query: the bundle's {@code lm_head}
 * (final norm + LM head) applied to the query span's hidden states at chosen layers, the top-k tokens
 * per position and layer, and, given both queries, lens agreement per layer.
 */
@Command(name = "lens", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The logit lens on speech positions (nostalgebraist 2020; AudioLens, Yang et al. 2025): what each "
                + "position of the query span reads as at each chosen layer, through the bundle's lm_head (final "
                + "norm + LM head). Given both --audio and --text, also lens agreement per layer: the share of text "
                + "tokens whose paired speech vector has the same top-1 token (pairing by --words, else proportional).",
            "",
            "  gapscope lens --model DIR --audio q.wav --json lens.json",
            "  gapscope lens --model DIR --audio q.wav --text \"what comes after seven\" --layers 0,2,4 --top 3 --json lens.json",
            ""})
public final class LensCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "model bundle folder (default: the built-in model named in resources/models/DEFAULT)")
    private Path model;

    @Option(names = "--audio", paramLabel = "FILE", description = "the spoken query (audio file)")
    private Path audio;

    @Option(names = "--text", paramLabel = "TEXT", description = "the typed query (transcript)")
    private String text;

    @Option(names = "--layers", paramLabel = "LIST", defaultValue = "all",
            description = "hidden states to read: all, or a list such as 0,2,4 or 1-8 (0 = input embeddings; "
                    + "default: ${DEFAULT-VALUE}); only these are computed")
    private String layers;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5",
            description = "tokens per position and layer (default: ${DEFAULT-VALUE})")
    private int top;

    @Option(names = "--words", paramLabel = "FILE.json",
            description = "reference word timings of the query (as for metrics --words): pair speech with text by "
                    + "them for the agreement (needs --audio and --text)")
    private Path words;

    @Option(names = "--json", required = true, paramLabel = "OUT.json", description = "write every value here")
    private Path json;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
            description = "where to run: auto (GPU when present), cpu or gpu (default: ${DEFAULT-VALUE})")
    private String device;

    @Option(names = "--quiet", description = "print nothing on success")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (audio == null && text == null) {
            throw new GapScopeException("give --audio FILE, --text TEXT, or both");
        }
        if (words != null && (audio == null || text == null)) {
            throw new GapScopeException("--words pairs speech with text for the agreement: give both --audio and --text");
        }
        if (top < 1) {
            throw new GapScopeException("--top must be at least 1, not " + top);
        }
        Path folder = json.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new GapScopeException(json + ": the folder " + folder + " does not exist");
        }
        ReferenceWords reference = words != null ? ReferenceWords.read(words) : null;
        ModelChoice choice = ModelChoice.of(model);
        ModelBundle bundle = ModelBundle.open(choice.folder());
        try (LayeredModel lm = LayeredModel.open(bundle, RunCommand.device(device))) {
            int[] chosen = parseLayers(layers, lm.numLayers() + 1);
            LmHeadLens head = new LmHeadLens(lm);
            Capture speech = null;
            double seconds = Double.NaN;
            if (audio != null) {
                ModelRunner.SpeechInput f = SpeechFrontEnd.of(lm.manifest().features()).input(new AudioLoader().load(audio));
                seconds = f.validFrames() * lm.manifest().features().frameSeconds();
                speech = capture(lm, lm.speechPrompt(lm.encodeSpeech(f.logMel(), f.validFrames())));
            }
            Capture typed = text != null ? capture(lm, lm.textPrompt(text)) : null;
            long rows = 0;
            long t0 = System.nanoTime();
            List<LensReadout> readouts = new ArrayList<>();
            if (speech != null) {
                readouts.add(LogitLens.read("speech", speech.asHiddenStates(), speech.tokens(), chosen, top, head));
                rows += (long) speech.length() * chosen.length;
            }
            LensReadout textReadout = null;
            if (typed != null) {
                textReadout = LogitLens.read("text", typed.asHiddenStates(), typed.tokens(), chosen, top, head);
                readouts.add(textReadout);
                rows += (long) typed.length() * chosen.length;
            }
            LensAgreement agreement = null;
            if (speech != null && typed != null) {
                TokenPairing pairing = reference != null
                        ? reference.pairing(speech.length(), typed.length(), typed.tokens(), speech.times(), seconds)
                        : TokenPairing.proportional(speech.length(), typed.length());
                agreement = LogitLens.agreement(speech.asHiddenStates(), typed.asHiddenStates(), pairing, chosen, head,
                        textReadout);
                rows += (long) typed.length() * chosen.length;
            }
            LensJson.HeadTiming timing = new LensJson.HeadTiming(rows, (System.nanoTime() - t0) / 1e9,
                    head.hiddenSize(), head.vocabSize());
            List<String[]> inputs = new ArrayList<>();
            if (audio != null) {
                inputs.add(new String[] {"audio", audio.toString()});
            }
            if (text != null) {
                inputs.add(new String[] {"text", text.strip()});
            }
            if (words != null) {
                inputs.add(new String[] {"words", words.toString()});
            }
            LayerRange averaged = new LayerRange(Math.min(1, lm.numLayers()), lm.numLayers());
            float[] times = speech != null ? speech.times() : null;
            LensAgreement finalAgreement = agreement;
            AtomicFiles.write(json, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                LensJson.write(w, lm.manifest().name(), GapScopeVersion.get(), inputs, readouts, times, finalAgreement,
                        averaged, head, timing);
                w.flush();
            });
            if (!quiet) {
                print(spec.commandLine().getOut(), readouts, finalAgreement, averaged, head, timing);
                spec.commandLine().getErr().println("gapscope: " + choice.describe(lm.manifest().name(),
                        DeviceNames.system().describe(lm.device())));
            }
        }
        return 0;
    }

    private static Capture capture(LayeredModel lm, Prompt prompt) {
        CaptureHook hook = CaptureHook.querySpan("");
        lm.forward(prompt, hook);
        return hook.capture();
    }

    /** {@code all}, or a comma list of layers and ranges {@code a-b}, checked against 0..count-1. */
    static int[] parseLayers(String text, int count) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        TreeSet<Integer> out = new TreeSet<>();
        if (t.equals("all")) {
            for (int l = 0; l < count; l++) {
                out.add(l);
            }
        } else {
            for (String part : t.split(",")) {
                String p = part.strip();
                try {
                    int dash = p.indexOf('-', 1);
                    int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                    int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
                    if (to < from) {
                        throw new GapScopeException("--layers: the range \"" + p + "\" runs backwards");
                    }
                    for (int l = from; l <= to; l++) {
                        out.add(l);
                    }
                } catch (NumberFormatException e) {
                    throw new GapScopeException("--layers must be all or a list such as 0,2,4 or 1-8, not \"" + text + "\"");
                }
            }
        }
        if (out.isEmpty() || out.first() < 0 || out.last() >= count) {
            throw new GapScopeException("--layers " + text + ": the model has hidden states 0.." + (count - 1));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void print(PrintWriter out, List<LensReadout> readouts, LensAgreement agreement, LayerRange averaged,
            LmHeadLens head, LensJson.HeadTiming timing) {
        out.println(LensSources.LOGIT_LENS);
        for (LensReadout r : readouts) {
            out.printf(Locale.ROOT, "%s (%d positions), top-1 token per position:%n", r.side(), r.positions().size());
            int[] layers = r.layers();
            for (int i = 0; i < layers.length; i++) {
                TopTokens t = r.perLayer().get(i);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  layer %2d:", layers[i]));
                for (int p = 0; p < t.rows(); p++) {
                    line.append(' ').append(shown(head.token(t.top1(p))));
                }
                out.println(line);
            }
        }
        if (agreement != null) {
            out.println(LensSources.LENS_AGREEMENT + "; pairing: " + agreement.pairing().describe());
            int[] layers = agreement.layers();
            double[] share = agreement.agreement();
            for (int i = 0; i < layers.length; i++) {
                out.printf(Locale.ROOT, "  layer %2d: %.3f%n", layers[i], share[i]);
            }
            double mean = agreement.mean(averaged);
            out.printf(Locale.ROOT, "  mean over layers %s: %s%n", averaged,
                    Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%.3f", mean));
        }
        out.printf(Locale.ROOT, "lm_head: %d rows in %.3f s (%.2f GFLOP/s)%n", timing.rows(), timing.seconds(),
                timing.gflopsPerSecond());
        out.flush();
    }

    /** A token for the table: blanks made visible, long ones cut. */
    private static String shown(String token) {
        String t = token.replace(' ', '\u2423').replace("\n", "\\n");
        return t.isEmpty() ? "\u2205" : t.length() > 14 ? t.substring(0, 13) + "\u2026" : t;
    }
}
