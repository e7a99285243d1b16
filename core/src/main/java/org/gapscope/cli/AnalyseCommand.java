package org.gapscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.evaluation.BatchListener;
import org.gapscope.evaluation.InterventionRun;
import org.gapscope.evaluation.InterventionTable;
import org.gapscope.evaluation.RunAnalysis;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.run.RunFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope analyse}: everything {@code evaluate} computes, from a run folder's stored answers
 * and captures, whoever wrote it (the capture kit, a script following docs/run-format.md, or
 * {@code evaluate} itself).
 */
@Command(name = "analyse", aliases = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "From a run folder's stored answers and captures (docs/run-format.md; written by gapscope-capture, "
                + "gapscope evaluate or any program): score every answer, analyse every example and its "
                + "mismatched-pair control, select its critical tokens, and write results.jsonl, results.csv, "
                + "critical_tokens.jsonl and summary.json into the folder. On an intervention run: score the answers "
                + "and write the intervention table. compare, figure and the explorer then read the folder as an "
                + "evaluate run.",
            "",
            "  gapscope analyse RUN_DIR",
            "  gapscope analyse --merge --out DIR SHARD_DIR...",
            ""})
public final class AnalyseCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "0..*",
            description = "the run folder (with --merge: the shard folders to join)")
    private List<Path> folders = new ArrayList<>();

    @Option(names = "--merge", description = "join the finished shard folders given into --out, then analyse it")
    private boolean merge;

    @Option(names = "--out", paramLabel = "DIR", description = "with --merge: the folder to create")
    private Path out;

    @Option(names = "--include-layer0", description = "average the scores over hidden states 0..L instead of 1..L "
            + "(default: as the run says, else 1..L)")
    private Boolean includeLayer0;

    @Option(names = "--seed", paramLabel = "N",
            description = "seed of the mismatched pairs and the bootstrap (default: the run's, else 0)")
    private Long seed;

    @Option(names = "--resamples", paramLabel = "N",
            description = "bootstrap resamples for the margins' intervals (default: the run's, else 2000)")
    private Integer resamples;

    @Option(names = "--tokens", paramLabel = "bottom:K|all", split = ",",
            description = "critical-token selections written to critical_tokens.jsonl for gapscope-capture intervene "
                    + "(default: bottom:3,all)")
    private List<String> tokens = new ArrayList<>();

    @Option(names = "--select-layer", paramLabel = "N",
            description = "the hidden state whose alignment path selects the critical tokens (default: 0)")
    private Integer selectLayer;

    @Option(names = "--path", paramLabel = "cosine|euclidean", description = "the path that selects them (default: cosine)")
    private String path;

    @Option(names = "--quiet", description = "no progress bar")
    private boolean quiet;

    @Override
    public Integer call() {
        RunAnalysis.Options options = options();
        BatchListener listener = listener();
        RunAnalysis.Outcome outcome;
        if (merge) {
            if (out == null || folders.isEmpty()) {
                throw new GapScopeException("--merge needs --out DIR and the shard folders after the options");
            }
            outcome = RunAnalysis.merge(out, folders, options, listener);
        } else {
            if (out != null) {
                throw new GapScopeException("--out is only for --merge: analyse writes into the run folder itself");
            }
            if (folders.size() != 1) {
                throw new GapScopeException("give exactly one run folder (or --merge --out DIR with the shard folders)");
            }
            outcome = RunAnalysis.analyse(folders.get(0), options, listener);
        }
        var printer = spec.commandLine().getOut();
        if (RunFolder.INTERVENE.equals(outcome.command())) {
            printer.print(InterventionTable.markdown(outcome.summary()));
            printer.println("wrote " + outcome.folder().resolve(InterventionTable.TABLE_MD) + ", table.csv, "
                    + "summary.json, results.jsonl, results.csv");
        } else {
            EvaluateCommand.print(outcome.summary(), printer);
            printer.println("wrote " + outcome.folder().resolve(RunFolder.SUMMARY_JSON) + ", " + RunFolder.RESULTS_JSONL
                    + ", " + RunFolder.RESULTS_CSV + ", " + RunFolder.CRITICAL_TOKENS_JSONL);
        }
        outcome.notes().forEach(n -> spec.commandLine().getErr().println("gapscope: " + n));
        printer.flush();
        spec.commandLine().getErr().flush();
        return 0;
    }

    private RunAnalysis.Options options() {
        List<CriticalTokenSelection> selections = new ArrayList<>();
        for (String t : tokens) {
            selections.add(InterventionRun.parseSelection(t));
        }
        SimilarityMetric metric = null;
        if (path != null) {
            metric = switch (path.toLowerCase(Locale.ROOT)) {
                case "cosine" -> SimilarityMetric.COSINE;
                case "euclidean" -> SimilarityMetric.EUCLIDEAN;
                default -> throw new GapScopeException("--path must be cosine or euclidean, not \"" + path + "\"");
            };
        }
        return new RunAnalysis.Options(includeLayer0, seed, resamples, selections.isEmpty() ? null : selections,
                selectLayer, metric);
    }

    private BatchListener listener() {
        return BatchOptions.listener(quiet, spec.commandLine().getErr());
    }
}
