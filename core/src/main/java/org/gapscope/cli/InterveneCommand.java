package org.gapscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.evaluation.InterventionRun;
import org.gapscope.evaluation.InterventionTable;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.RewriteKind;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope intervene}: the paper's intervention table on a dataset: text and speech accuracy,
 * and speech accuracy with the critical speech positions rewritten (angle projection or length
 * normalization, Bottom-k or All tokens of each example's alignment path).
 */
@Command(name = "intervene", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Accuracy before and after an intervention on the speech representations, per example and overall "
                + "(METHOD.md, Interventions). Several methods or token selections, comma-separated, give one row "
                + "each and share the plain text and speech passes.",
            "",
            "  gapscope intervene --model DIR --data FILE.jsonl --method angle --tokens bottom:3 --out DIR",
            "  gapscope intervene --model DIR --data FILE.jsonl --method angle,length --tokens bottom:3,all --out DIR",
            "  gapscope intervene --model DIR --data FILE.jsonl --method angle,calibrate --out DIR",
            "  gapscope intervene --merge --out DIR SHARD_DIR...",
            ""})
public final class InterveneCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private BatchOptions batch;

    @Option(names = "--method", paramLabel = "angle|length|calibrate", split = ",", defaultValue = "angle",
            description = "angle (projection: keep the speech norm, take the text direction), length "
                    + "(normalization: keep the direction, take the text norm), or calibrate (input-layer statistical "
                    + "calibration of every speech position, Hsu et al. 2026); default: ${DEFAULT-VALUE}")
    private List<String> methods = new ArrayList<>();

    @Option(names = "--calibration-data", paramLabel = "FILE.jsonl",
            description = "the set whose statistics calibrate (default: the evaluated --data)")
    private Path calibrationData;

    @Option(names = "--tokens", paramLabel = "bottom:K|all", split = ",", defaultValue = "bottom:3",
            description = "which speech positions: those of the K text tokens with the worst path score, or all "
                    + "positions on the path; default: ${DEFAULT-VALUE}")
    private List<String> tokens = new ArrayList<>();

    @Option(names = "--layer", paramLabel = "N", defaultValue = "0",
            description = "hidden state rewritten: 0 = the LLM input embeddings, l = output of decoder layer l "
                    + "(default: ${DEFAULT-VALUE})")
    private int layer;

    @Option(names = "--select-layer", paramLabel = "N",
            description = "the layer whose alignment path selects the tokens (default: --layer)")
    private Integer selectLayer;

    @Option(names = "--path", paramLabel = "cosine|euclidean", defaultValue = "cosine",
            description = "the alignment path that selects the tokens (default: ${DEFAULT-VALUE})")
    private String path;

    private final ModelRunnerFactory models;

    /** The command with the model runtime. */
    public InterveneCommand() {
        this(ModelRunnerFactory.BUNDLES);
    }

    /** The command with another way to open models (tests). */
    public InterveneCommand(ModelRunnerFactory models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        Evaluation.Outcome outcome = batch.runOrMerge(models, this::settings, InterventionRun::run,
                InterventionRun::merge, spec.commandLine().getErr());
        return BatchOptions.report(outcome, spec.commandLine(), (summary, out) -> {
            out.print(InterventionTable.markdown(summary));
            out.println("wrote " + outcome.folder().resolve(InterventionTable.TABLE_MD) + ", table.csv, summary.json, "
                    + "results.jsonl, results.csv");
        });
    }

    private InterventionRun.Settings settings() {
        List<RewriteKind> kinds = new ArrayList<>();
        boolean calibrate = false;
        for (String m : methods) {
            if (m.strip().equalsIgnoreCase(InterventionRun.CALIBRATE)) {
                calibrate = true;
                continue;
            }
            try {
                kinds.add(RewriteKind.parse(m));
            } catch (IllegalArgumentException e) {
                throw new GapScopeException("--method must be angle, length or calibrate, not \"" + m + "\"");
            }
        }
        List<CriticalTokenSelection> selections = new ArrayList<>();
        for (String t : tokens) {
            selections.add(InterventionRun.parseSelection(t));
        }
        SimilarityMetric metric = switch (path.toLowerCase(Locale.ROOT)) {
            case "cosine" -> SimilarityMetric.COSINE;
            case "euclidean" -> SimilarityMetric.EUCLIDEAN;
            default -> throw new GapScopeException("--path must be cosine or euclidean, not \"" + path + "\"");
        };
        if (calibrationData != null && !java.nio.file.Files.isRegularFile(calibrationData)) {
            throw new GapScopeException(calibrationData + ": no such dataset file (--calibration-data)");
        }
        return new InterventionRun.Settings(batch.maxTokens, kinds, selections, layer,
                selectLayer != null ? selectLayer : layer, metric, calibrate, calibrationData);
    }
}
