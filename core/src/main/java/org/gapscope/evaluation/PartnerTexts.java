package org.gapscope.evaluation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureFile;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ModelRunner;
import org.gapscope.run.ResultLog;
import org.gapscope.run.RunFolder;

import com.google.gson.JsonObject;

/**
 * The text captures of the mismatched-pair control's partners during {@code evaluate}: the stored capture
 * when the partner has already run in this folder, its recorded reason when its text pass failed, else a
 * prompt pass of its transcript (computed as the stored one would be: {@code asStored}).
 */
final class PartnerTexts {

    private final RunFolder folder;
    private final ResultLog log;
    private final Map<Integer, Example> byLine;
    private final ModelRunner runner;
    private final StageTimes times;
    private final Function<Capture, HiddenStates> asStored;

    PartnerTexts(RunFolder folder, ResultLog log, Map<Integer, Example> byLine, ModelRunner runner, StageTimes times,
            Function<Capture, HiddenStates> asStored) {
        this.folder = folder;
        this.log = log;
        this.byLine = byLine;
        this.runner = runner;
        this.times = times;
        this.asStored = asStored;
    }

    /** The partner's text hidden states; a GapScopeException saying why there are none. */
    HiddenStates text(ControlPairs.Member partner) {
        Optional<JsonObject> done = log.get(Integer.toString(partner.line()));
        if (done.isPresent()) {
            JsonObject r = done.get();
            if (r.has("captures") && r.getAsJsonObject("captures").has("text")) {
                Path file = folder.resolve(r.getAsJsonObject("captures").get("text").getAsString());
                return times.time(Stage.FILES, () -> CaptureFile.read(file).hiddenStates());
            }
            if ("failed".equals(r.get("status").getAsString()) && "text".equals(r.get("stage").getAsString())) {
                throw new GapScopeException(ControlPairs.noText(partner, r.get("reason").getAsString()));
            }
        }
        Example e = byLine.get(partner.line());
        try {
            Capture c = times.time(Stage.TEXT, () -> runner.textCapture(e.id(), e.transcript()));
            return asStored.apply(c);
        } catch (RuntimeException ex) {
            throw new GapScopeException(ControlPairs.noText(partner, Evaluation.reason(ex)), ex);
        }
    }
}
