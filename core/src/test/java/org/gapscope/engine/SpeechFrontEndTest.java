package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.model.FeatureSettings;
import org.junit.jupiter.api.Test;

/** The one check of a bundle's feature settings, and the padding of the speech input. */
class SpeechFrontEndTest {

    private static FeatureSettings whisper(Integer padTo) {
        return new FeatureSettings(FeatureSettings.WHISPER_LOG_MEL, 80, 16000, 400, 160, padTo, 3000, 2);
    }

    @Test
    void featuresThatAreNotWhispersAreRefusedWithTheirValues() {
        FeatureSettings other = new FeatureSettings(FeatureSettings.WHISPER_LOG_MEL, 80, 22050, 400, 160, null, 3000, 2);
        GapScopeException e = assertThrows(GapScopeException.class, () -> SpeechFrontEnd.of(other));
        assertEquals("the bundle's features (sample rate 22050, n_fft 400, hop 160) are not Whisper's 16000/400/160",
                e.getMessage());
    }

    @Test
    void aFixedLengthEncoderGetsTheZeroPaddedWaveformAndAFreeOneTheClipAlone() {
        AudioClip clip = AudioClip.ofSamples(new float[16000]);
        ModelRunner.SpeechInput padded = SpeechFrontEnd.of(whisper(3000)).input(clip);
        assertEquals(3000, padded.logMel()[0].length);
        assertEquals(WhisperLogMel.frameCount(16000), padded.validFrames());
        assertEquals(1.0, padded.seconds(), 1e-9);
        ModelRunner.SpeechInput free = SpeechFrontEnd.of(whisper(null)).input(clip);
        assertEquals(free.validFrames(), free.logMel()[0].length);
        assertEquals(80, free.logMel().length);
        ModelRunner.SpeechInput given = SpeechFrontEnd.of(whisper(null)).input(new float[80][250]);
        assertEquals(250, given.validFrames());
        assertEquals(2.5, given.seconds(), 1e-9);
    }
}
