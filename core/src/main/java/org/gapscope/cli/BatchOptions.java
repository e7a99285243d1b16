package org.gapscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.evaluation.BatchListener;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.engine.ModelRunner;
import org.gapscope.model.KvCacheMode;
import org.gapscope.run.Shard;

import com.google.gson.JsonObject;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options {@code evaluate} and {@code intervene} share (model, data, output, shard, merge) and
 * the call flow they share: run the dataset (or merge shard folders) and report the outcome.
 */
final class BatchOptions {

    /** A batch run over an example set, e.g. {@code Evaluation::run}. */
    @FunctionalInterface
    interface Run<S> {
        Evaluation.Outcome run(ModelRunner runner, ExampleSet set, Path out, Shard shard, S settings,
                BatchListener listener);
    }

    /** The merge of finished shard folders into one, e.g. {@code Evaluation::merge}. */
    @FunctionalInterface
    interface Merge {
        Evaluation.Outcome merge(Path out, List<Path> shardDirs, BatchListener listener);
    }

    @Option(names = "--model", paramLabel = "DIR",
            description = "model bundle folder (default: the built-in model named in resources/models/DEFAULT)")
    Path model;

    @Option(names = "--data", paramLabel = "FILE.jsonl", description = "the example set (docs/dataset-format.md)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output folder; running the same command again resumes there")
    Path out;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "1/1",
            description = "run only slice i of n (1-based; entry k goes to shard k mod n + 1), e.g. for a job array")
    String shard;

    @Option(names = "--on-broken-line", paramLabel = "skip|refuse", defaultValue = "skip",
            description = "a dataset line that cannot be read is recorded as failed (skip) or stops the run "
                    + "before it starts (refuse); default: ${DEFAULT-VALUE}")
    String onBrokenLine;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "32",
            description = "most new tokens per greedy answer (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
            description = "where the model runs (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--no-kv-cache", description = "generate without the bundle's key/value cache: the whole sequence runs "
            + "again for every new token (same answers, slower; format 1 bundles never have a cache)")
    boolean noKvCache;

    @Option(names = "--merge", description = "join the finished shard folders given after the options into --out")
    boolean merge;

    @Parameters(paramLabel = "SHARD_DIR", arity = "0..*", description = "with --merge: the shard folders")
    List<Path> shardDirs = new ArrayList<>();

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /**
     * With {@code --merge}, joins the shard folders with {@code merge}; otherwise checks the options,
     * builds the settings (before the dataset is read, so that a bad option costs no work), reads the
     * dataset, opens the model ({@code --model}, else the built-in default), says which, and runs {@code run}.
     */
    <S> Evaluation.Outcome runOrMerge(ModelRunnerFactory models, Supplier<S> settings, Run<S> run, Merge merge,
            PrintWriter err) {
        if (this.merge) {
            checkMerge();
            return merge.merge(out, shardDirs, listener(err));
        }
        checkRun();
        S s = settings.get();
        ExampleSet set = readData(err);
        ModelChoice choice = ModelChoice.of(model);
        try (ModelRunner runner = models.open(choice.folder(), device,
                noKvCache ? KvCacheMode.OFF : KvCacheMode.WHEN_AVAILABLE)) {
            err.println("gapscope: " + choice.describe(runner.modelName(), null));
            err.flush();
            return run.run(runner, set, out, shard(), s, listener(err));
        }
    }

    /**
     * Prints the outcome: the whole dataset's summary through {@code printSummary}, else how far this
     * invocation got; then, when it processed anything, where the time went.
     *
     * @return the exit code, 0
     */
    static int report(Evaluation.Outcome outcome, CommandLine cl, BiConsumer<JsonObject, PrintWriter> printSummary) {
        PrintWriter out = cl.getOut();
        if (outcome.summary() != null) {
            printSummary.accept(outcome.summary(), out);
        } else if (!outcome.complete()) {
            out.printf(Locale.ROOT, "stopped after %d of %d entries; run the same command to resume%n",
                    outcome.processed(), outcome.entries());
        } else {
            out.printf(Locale.ROOT, "shard %s: %d entries done in %s%n", outcome.folder().shard(), outcome.entries(),
                    outcome.folder().folder());
        }
        if (outcome.processed() > 0) {
            cl.getErr().println("gapscope: " + outcome.times().describe(outcome.processed()));
        }
        out.flush();
        return 0;
    }

    /** Checks the combination of options for a run (not a merge). */
    void checkRun() {
        if (!shardDirs.isEmpty()) {
            throw new GapScopeException("folders after the options (" + shardDirs.get(0) + ") are only for --merge");
        }
        if (data == null) {
            throw new GapScopeException("--data is needed (or --merge with shard folders)");
        }
    }

    /** Checks the combination of options for a merge. */
    void checkMerge() {
        if (model != null || data != null || !"1/1".equals(shard.replace(" ", ""))) {
            throw new GapScopeException("--merge takes only --out and the shard folders (the model, dataset and "
                    + "settings come from the shards' run.json)");
        }
        if (shardDirs.isEmpty()) {
            throw new GapScopeException("--merge needs the shard folders after the options");
        }
    }

    Shard shard() {
        return Shard.parse(shard);
    }

    ExampleSet readData(PrintWriter err) {
        OnBrokenLine policy = switch (onBrokenLine.toLowerCase(Locale.ROOT)) {
            case "skip" -> OnBrokenLine.SKIP;
            case "refuse" -> OnBrokenLine.REFUSE;
            default -> throw new GapScopeException("--on-broken-line must be skip or refuse, not \"" + onBrokenLine
                    + "\"");
        };
        ExampleSet set = ExampleSetReader.create(policy).read(data);
        if (!set.problems().isEmpty()) {
            err.println("gapscope: " + data + ": " + set.problems().size()
                    + " broken line(s) recorded as failed, the first: " + set.problems().get(0));
            err.flush();
        }
        return set;
    }

    /** Progress on standard error (none with --quiet); notes on {@code err}. */
    BatchListener listener(PrintWriter err) {
        return listener(quiet, err);
    }

    /** Progress on standard error (none when {@code quiet}); notes on {@code err}. */
    static BatchListener listener(boolean quiet, PrintWriter err) {
        BatchListener progress = quiet ? BatchListener.SILENT : BatchListener.progressOnStandardError();
        return new BatchListener() {
            @Override
            public void begin(String phase, int total, int alreadyDone) {
                progress.begin(phase, total, alreadyDone);
            }

            @Override
            public void step(boolean failed) {
                progress.step(failed);
            }

            @Override
            public void note(String message) {
                err.println("gapscope: " + message);
                err.flush();
            }
        };
    }
}
