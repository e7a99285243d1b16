package org.gapscope.app.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import org.gapscope.analysis.Score;
import org.gapscope.app.dataset.DatasetViewModel.ScatterPoint;
import org.gapscope.app.dataset.DatasetViewModel.ScoreRow;
import org.gapscope.engine.StoredRun;
import org.gapscope.run.RunSummary;

/**
 * The dataset view's rows for an opened run folder, from what the run holds: the accuracy line and the
 * score table from its {@code summary.json}, the scatter's points from its records' scores (the model
 * is not run).
 */
final class RunSummaryTable {

    private RunSummaryTable() {
    }

    /** The accuracy line of {@code summary}, naming the run folder it comes from. */
    static String accuracy(RunSummary s, StoredRun run) {
        return String.format(Locale.ROOT, "%s on %s: text %.1f %% · speech %.1f %% · GAP %.1f points · %d examples%s "
                + "(run folder %s)", s.model(), s.dataset(), s.textAccuracy(), s.speechAccuracy(), s.gap(), s.evaluated(),
                s.failed() == 0 ? "" : " (" + s.failed() + " failed)", run.folder().getFileName());
    }

    /** One table row per score of the summary. */
    static List<ScoreRow> rows(RunSummary s) {
        List<ScoreRow> rows = new ArrayList<>();
        for (RunSummary.ScoreLine l : s.scores()) {
            rows.add(new ScoreRow(l.score().key(), num(l.matched()), num(l.mismatched()), num(l.margin()),
                    String.format(Locale.ROOT, "[%s, %s]%s", num(l.lower()), num(l.upper()), l.excludesZero() ? " *" : ""),
                    Integer.toString(l.examples())));
        }
        return rows;
    }

    /** The note under the table: where the numbers come from, the control, the summary's own note. */
    static String message(RunSummary s) {
        return "From the run's summary.json. Mismatched pairs: " + s.control() + ". * = the margin's "
                + Math.round(100 * s.level()) + " % interval excludes 0." + (s.note().isEmpty() ? "" : " " + s.note());
    }

    /** The examples of {@code run} whose records hold both scores, as scatter points. */
    static List<ScatterPoint> points(StoredRun run, Score x, Score y) {
        List<ScatterPoint> out = new ArrayList<>();
        for (StoredRun.Entry e : run.entries()) {
            OptionalDouble vx = e.record().score(x);
            OptionalDouble vy = e.record().score(y);
            if (vx.isPresent() && vy.isPresent()) {
                out.add(new ScatterPoint(e.example().id(), vx.getAsDouble(), vy.getAsDouble(),
                        e.record().speech() == null ? null : e.record().speech().correct()));
            }
        }
        return out;
    }

    /** The accuracies of {@code s} as the first block of the table's CSV. */
    static String csvHead(RunSummary s) {
        return String.format(Locale.ROOT, ",%.4f,%.4f,%.4f,%d\n", s.textAccuracy(), s.speechAccuracy(), s.gap(),
                s.evaluated());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
