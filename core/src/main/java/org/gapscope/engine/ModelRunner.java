package org.gapscope.engine;

import java.util.List;
import java.util.Optional;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.lenses.LensHead;

/**
 * What the engine needs from a model: its identity, its speech front end, and greedy answers with
 * the hidden states of the query span, for a typed and a spoken query (and a spoken query under an
 * intervention). A failure on one query throws an exception naming the problem. Implementations own
 * native memory (close when done) and take one call at a time.
 */
public interface ModelRunner extends AutoCloseable {

    /** The model's name, as recorded in results. */
    String modelName();

    /** A fingerprint of the model files, so that a resumed run refuses another model in the same folder. */
    String fingerprint();

    /** The number of hidden states a capture holds, L + 1 (the input embeddings and one per decoder layer). */
    int hiddenStates();

    /** What the explorer's model card shows; by default only the name and the layers are known. */
    default ModelCard card() {
        return ModelCard.named(modelName(), hiddenStates() - 1);
    }

    /** The model's speech input for a 16 kHz clip (e.g. Whisper log-mel features, padded as the model wants). */
    SpeechInput speechInput(AudioClip clip);

    /** Answers the typed query and captures its span at every layer. */
    Answered text(String exampleId, String transcript, int maxTokens);

    /**
     * The typed query's span at every layer from the prompt pass alone, for the mismatched-pair control
     * of another example (by default: a one-token answer, whose capture is the prompt pass).
     */
    default Capture textCapture(String exampleId, String transcript) {
        return text(exampleId, transcript, 1).capture();
    }

    /** Answers the spoken query and captures its span at every layer. */
    Answered speech(String exampleId, SpeechInput input, int maxTokens);

    /** Answers the spoken query with the plan's rewrites applied to its span (no capture: {@code capture()} is null). */
    Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan);

    /**
     * The spoken query's input embeddings (hidden state 0 of its span, the speech encoder's output),
     * {@code [position][dimension]}: what {@link StatisticalCalibration} statistics are taken over.
     */
    float[][] speechInputEmbeddings(String exampleId, SpeechInput input);

    /** The typed query's input embeddings (hidden state 0 of its span), {@code [token][dimension]}. */
    float[][] textInputEmbeddings(String transcript);

    /**
     * Answers the spoken query with every speech position's input embedding calibrated (no capture:
     * {@code capture()} is null).
     */
    Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
            StatisticalCalibration calibration);

    /**
     * The model's logit-lens head (its final norm + LM head applied to any hidden state), or empty when
     * the runner has none (then the explorer's lens view says so). By default: none.
     */
    default Optional<LensHead> lensHead() {
        return Optional.empty();
    }

    /** Releases the model. */
    @Override
    void close();

    /**
     * A greedy answer with the query span's hidden states (and the capture's provenance).
     *
     * @param answer the decoded answer
     * @param capture the hidden states of the query span, layers 0..L (null for an answer under an intervention)
     * @param cutAtMaxPositions whether generation stopped because the sequence reached the model's max_positions
     */
    record Answered(String answer, Capture capture, boolean cutAtMaxPositions) {

        /** What a record says of an answer cut at max_positions. */
        public static final String CUT_NOTE = "answer cut at max_positions";

        /** An answer that ended normally (stop token or token limit). */
        public Answered(String answer, Capture capture) {
            this(answer, capture, false);
        }

        /** The captured hidden states, as the analysis reads them (a view, no copy). */
        public HiddenStates states() {
            return capture.asHiddenStates();
        }

        /** The span's tokens (text) or position names (speech). */
        public List<String> tokens() {
            return capture.tokens();
        }

        /** Start time in seconds of each speech position; empty for text. */
        public float[] times() {
            return capture.times();
        }
    }

    /**
     * The speech encoder's input for one clip.
     *
     * @param logMel features {@code [mel][frames]}
     * @param validFrames frames covering the clip (the rest is padding)
     * @param seconds the clip's duration
     */
    record SpeechInput(float[][] logMel, int validFrames, double seconds) {
    }
}
