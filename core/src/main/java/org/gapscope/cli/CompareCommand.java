package org.gapscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.gapscope.evaluation.ComparedRuns;
import org.gapscope.evaluation.Comparison;
import org.gapscope.evaluation.ComparisonFigures;
import org.gapscope.evaluation.ComparisonTables;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope compare}: evaluations of several models or checkpoints side by side, and the
 * regression of GAP on S and APS (cosine and Euclidean) with slope, intercept and R^2.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Across models or checkpoints (finished 'gapscope evaluate' folders): accuracy, GAP, S and APS side by "
                + "side, and the linear regression of GAP on each score (slope, intercept, R²) over all runs and "
                + "within each --group. Writes compare.md, compare-runs.csv, compare-regressions.csv, "
                + "compare.json and the score-vs-GAP figures (score-vs-gap-SCORE[-GROUP].png/.svg) into --out and "
                + "prints the tables.",
            ""})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", arity = "2..*", description = "evaluation output folders (at least two)")
    private List<Path> runs = new ArrayList<>();

    @Option(names = "--out", defaultValue = "compare", paramLabel = "DIR",
            description = "where the tables and figures are written (default: ./${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--group", paramLabel = "NAME",
            description = "a group (e.g. a training regime): runs whose name contains NAME are also fitted on their "
                    + "own; repeat for several")
    private List<String> groups = new ArrayList<>();

    @Option(names = "--dpi", defaultValue = "300", paramLabel = "N",
            description = "resolution of the PNG figures (default: ${DEFAULT-VALUE})")
    private int dpi;

    @Override
    public Integer call() {
        Comparison.Result result = Comparison.compare(ComparedRuns.read(runs, groups));
        ComparisonTables.write(result, out);
        List<Path> figures = ComparisonFigures.write(result, out, dpi);
        spec.commandLine().getOut().print(ComparisonTables.markdown(result));
        spec.commandLine().getOut().println("wrote " + out.resolve("compare.md") + ", compare-runs.csv, "
                + "compare-regressions.csv, compare.json and " + figures.size() + " score-vs-GAP figures (PNG, SVG)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
