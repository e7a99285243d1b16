package org.gapscope.app.model;

import org.gapscope.audio.AudioClip;
import org.gapscope.engine.ModelRunner;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;

/** A model runner that hands every call to another; tests override the call they watch or change. */
public abstract class ForwardingRunner implements ModelRunner {

    private final ModelRunner inner;

    /** Forwards to {@code inner}. */
    protected ForwardingRunner(ModelRunner inner) {
        this.inner = inner;
    }

    @Override
    public String modelName() {
        return inner.modelName();
    }

    @Override
    public String fingerprint() {
        return inner.fingerprint();
    }

    @Override
    public int hiddenStates() {
        return inner.hiddenStates();
    }

    @Override
    public SpeechInput speechInput(AudioClip clip) {
        return inner.speechInput(clip);
    }

    @Override
    public Answered text(String exampleId, String transcript, int maxTokens) {
        return inner.text(exampleId, transcript, maxTokens);
    }

    @Override
    public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
        return inner.speech(exampleId, input, maxTokens);
    }

    @Override
    public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan) {
        return inner.speechWithIntervention(exampleId, input, maxTokens, plan);
    }

    @Override
    public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
        return inner.speechInputEmbeddings(exampleId, input);
    }

    @Override
    public float[][] textInputEmbeddings(String transcript) {
        return inner.textInputEmbeddings(transcript);
    }

    @Override
    public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
            StatisticalCalibration calibration) {
        return inner.speechWithCalibration(exampleId, input, maxTokens, calibration);
    }

    @Override
    public void close() {
        inner.close();
    }
}
