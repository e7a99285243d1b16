package org.gapscope.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Bootstrap;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Score;
import org.gapscope.evaluation.CapturesKept;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.run.RunFolder;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope evaluate}: a dataset through a model as text and as speech; accuracy, GAP and every
 * analysis score with its mismatched-pair control, streamed to an output folder that resumes.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run every example as text and as speech, score the answers, analyse both captures, and write "
                + "results.jsonl, results.csv and summary.json (text and speech accuracy, GAP, S, APS, "
                + "monotonicity and consistency, each with GapScope's mismatched-pair control).",
            "",
            "  gapscope evaluate --model DIR --data FILE.jsonl --out DIR [--shard i/n]",
            "  gapscope evaluate --merge --out DIR SHARD_DIR...",
            ""})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private BatchOptions batch;

    @Option(names = "--include-layer0", description = "average the scores over layers 0..L instead of 1..L")
    private boolean includeLayer0;

    @Option(names = "--lens", description = "also lens agreement per example and in summary.json (logit lens through "
            + "the model's LM head at every hidden state; off by default: each row costs 2 d V multiply-adds)")
    private boolean lens;

    @Option(names = "--float32-captures", description = "keep captures in float32 (default float16: half the disk)")
    private boolean float32;

    @Option(names = "--captures", paramLabel = "all|text|none", defaultValue = "text",
            description = "which captures to keep on disk: all (speech and text, ~200 MB per example at 7B), text "
                    + "(a few MB), none; scores and control are the same either way (default: ${DEFAULT-VALUE})")
    private String captures;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of the mismatched pairs and the bootstrap (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES,
            description = "bootstrap resamples for the margins' intervals (default: ${DEFAULT-VALUE})")
    private int resamples;

    private final ModelRunnerFactory models;

    /** The command with the model runtime. */
    public EvaluateCommand() {
        this(ModelRunnerFactory.BUNDLES);
    }

    /** The command with another way to open models (tests). */
    public EvaluateCommand(ModelRunnerFactory models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        Evaluation.Outcome outcome = batch.runOrMerge(models, this::settings, Evaluation::run, Evaluation::merge,
                spec.commandLine().getErr());
        return BatchOptions.report(outcome, spec.commandLine(), (summary, out) -> {
            print(summary, out);
            out.println("wrote " + outcome.folder().resolve(RunFolder.SUMMARY_JSON) + ", " + RunFolder.RESULTS_JSONL
                    + ", " + RunFolder.RESULTS_CSV);
        });
    }

    private Evaluation.Settings settings() {
        return new Evaluation.Settings(batch.maxTokens, !float32, CapturesKept.parse(captures),
                AnalysisSettings.defaults().withIncludeLayer0(includeLayer0),
                new ControlSettings(seed, resamples, Bootstrap.DEFAULT_LEVEL), lens);
    }

    /** Prints the summary's headline numbers. */
    static void print(JsonObject s, PrintWriter out) {
        JsonObject ex = s.getAsJsonObject("examples");
        StringBuilder failed = new StringBuilder();
        for (Map.Entry<String, JsonElement> e : ex.getAsJsonObject("failed_by_stage").entrySet()) {
            failed.append(failed.length() == 0 ? " (" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (failed.length() > 0) {
            failed.append(')');
        }
        out.printf(Locale.ROOT, "%s on %s: %d entries, %d evaluated, %d failed%s%n", s.get("model").getAsString(),
                s.get("dataset").getAsString(), ex.get("entries").getAsInt(), ex.get("evaluated").getAsInt(),
                ex.get("failed").getAsInt(), failed);
        JsonObject acc = s.getAsJsonObject("accuracy");
        out.printf(Locale.ROOT, "accuracy: text %s %%, speech %s %%, GAP %s points%n",
                fmt(acc.getAsJsonObject("text").get("percent"), "%.1f"),
                fmt(acc.getAsJsonObject("speech").get("percent"), "%.1f"), fmt(s.get("gap"), "%.1f"));
        if (!s.has("scores") || s.get("scores").isJsonNull()) {
            out.println(s.has("note") ? s.get("note").getAsString() : "no scores");
            return;
        }
        out.printf(Locale.ROOT, "%-24s %10s %10s %10s  %s%n", "score (layers " + s.getAsJsonArray("averaged_layers").get(0)
                + ".." + s.getAsJsonArray("averaged_layers").get(1) + ")", "matched", "mismatched", "margin",
                "95 % CI of the margin");
        for (Score score : Score.values()) {
            JsonObject c = s.getAsJsonObject("scores").getAsJsonObject(score.key());
            String ci = c.get("margin_ci").isJsonNull() ? "-"
                    : String.format(Locale.ROOT, "[%+.4f, %+.4f]%s", c.getAsJsonArray("margin_ci").get(0).getAsDouble(),
                            c.getAsJsonArray("margin_ci").get(1).getAsDouble(),
                            c.get("margin_excludes_zero").getAsBoolean() ? " *" : "");
            out.printf(Locale.ROOT, "%-24s %10s %10s %10s  %s%n", score.key(), fmt(c.get("matched"), "%.4f"),
                    fmt(c.get("mismatched"), "%.4f"), fmt(c.get("margin"), "%+.4f"), ci);
        }
        out.println("mismatched = " + MismatchedPairControl.LABEL + "; * = interval excludes 0");
        if (s.has("lens_agreement") && s.get("lens_agreement").isJsonObject()) {
            JsonObject a = s.getAsJsonObject("lens_agreement");
            out.printf(Locale.ROOT, "lens agreement (logit lens) over layers %s..%s: %s (%d examples)%n",
                    a.getAsJsonArray("averaged_layers").get(0), a.getAsJsonArray("averaged_layers").get(1),
                    fmt(a.get("mean"), "%.3f"), a.get("examples").getAsInt());
        }
    }

    private static String fmt(JsonElement e, String format) {
        return e == null || e.isJsonNull() ? "n/a" : String.format(Locale.ROOT, format, e.getAsDouble());
    }
}
