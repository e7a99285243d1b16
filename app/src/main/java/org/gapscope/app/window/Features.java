package org.gapscope.app.window;

import org.gapscope.app.alignment.AlignmentViewModel;
import org.gapscope.app.audio.AudioViewModel;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.cka.CkaViewModel;
import org.gapscope.app.curves.LayerCurvesViewModel;
import org.gapscope.app.dataset.DatasetViewModel;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.ExportViewModel;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.lens.LensViewModel;
import org.gapscope.app.model.ModelViewModel;
import org.gapscope.app.run.RunViewModel;
import org.gapscope.app.runs.RunFolderViewModel;

/**
 * The feature view models the window is composed of, built and wired to each other by the
 * composition root.
 *
 * @param examples      the example list
 * @param clips         decoded clips shared by the audio pane and the model runs
 * @param audio         the audio pane
 * @param model         the loaded model and its card
 * @param runs          the run folder opened (File ▸ Open run…)
 * @param run           the selected example's result
 * @param alignment     the alignment view
 * @param curves        the layer-curves view
 * @param cka           the cross-layer CKA view
 * @param interventions the interventions view
 * @param lens          the logit-lens view
 * @param dataset       the dataset view
 * @param export        export settings and commands
 */
public record Features(ExamplesViewModel examples, ClipCache clips, AudioViewModel audio, ModelViewModel model,
        RunFolderViewModel runs, RunViewModel run, AlignmentViewModel alignment, LayerCurvesViewModel curves,
        CkaViewModel cka, InterventionsViewModel interventions, LensViewModel lens, DatasetViewModel dataset,
        ExportViewModel export) {
}
