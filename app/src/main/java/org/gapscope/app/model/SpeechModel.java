package org.gapscope.app.model;

import org.gapscope.app.shell.TaskContext;
import org.gapscope.audio.AudioClip;
import org.gapscope.intervention.InterventionPlan;

/**
 * A loaded speech language model as the explorer uses it: run the spoken or the typed query of an
 * example with a capture of the query span, or the spoken one with an intervention. Implementations
 * own native memory; close when replaced. One call at a time.
 */
public interface SpeechModel extends AutoCloseable {

    /** The longest answer generated, in tokens. */
    int MAX_ANSWER_TOKENS = 24;

    /** The card of this model. */
    ModelCard card();

    /** Runs the spoken query {@code clip}, capturing the speech span; {@code id} goes into the provenance. */
    QueryRun runSpeech(String id, AudioClip clip, TaskContext context);

    /** Runs the typed query {@code transcript}, capturing the text span. */
    QueryRun runText(String id, String transcript, TaskContext context);

    /** The answer to the spoken query when {@code plan} rewrites speech positions during the prompt pass. */
    String answerWithIntervention(AudioClip clip, InterventionPlan plan, TaskContext context);

    @Override
    void close();
}
