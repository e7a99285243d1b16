package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.engine.BuiltInModels;
import org.gapscope.capture.Capture;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;

import ai.djl.Device;

/**
 * The time of every speech position, which places hover, click-to-play and every time axis: position i
 * of an encoder that takes s log-mel frames per position starts at frame i x s, i.e. at
 * i x s x hop / rate seconds. Checked through the runtime for the built-in model (s = 10) and a
 * Qwen2-Audio look-alike (s = 4), at clip lengths that are not multiples of the stride.
 */
class SpeechTimesTest {

    private static final Path REPOSITORY = Python.repositoryRoot();

    private static void assertStartsEveryStride(SpeechEmbeddings speech, FeatureSettings f, int stride, String what) {
        float[] times = speech.times();
        assertEquals(speech.positions(), times.length, what);
        for (int i = 0; i < times.length; i++) {
            double frame = (double) i * stride;
            assertEquals(frame * f.hopLength() / f.sampleRate(), times[i], 1e-6, what + ": position " + i);
        }
    }

    @Test
    void theBuiltInModelsPositionsStartEveryTenFrames() {
        Path bundle = BuiltInModels.requireDefault(REPOSITORY);
        AudioClip clip = new AudioLoader().load(REPOSITORY.resolve("resources/examples/sample/wav/espeak-m2-u00587.wav"));
        try (LayeredModel lm = LayeredModel.open(ModelBundle.open(bundle), Device.cpu())) {
            FeatureSettings f = lm.manifest().features();
            assertEquals(10, f.adapterStride());
            WhisperLogMel mel = new WhisperLogMel(f.melBins());
            for (double seconds : new double[] {0.93, 1.27, 1.61}) {
                AudioClip part = AudioClip.ofSamples(Arrays.copyOf(clip.samples(), (int) (seconds * 16000)));
                LogMelSpectrogram s = mel.compute(part);
                assertNotEquals(0, s.validFrames() % 10, "a length that is not a multiple of the stride");
                SpeechEmbeddings speech = lm.encodeSpeech(s.toMatrix(), s.validFrames());
                assertEquals(s.validFrames() / 10, speech.positions(), seconds + " s: whole strides only");
                assertStartsEveryStride(speech, f, 10, "built-in, " + s.validFrames() + " frames");

                // the capture saved with the hidden states carries the same times
                CaptureHook hook = CaptureHook.querySpan("t");
                lm.forward(lm.speechPrompt(speech), hook);
                Capture c = hook.capture();
                assertArrayEquals(speech.times(), c.times(), 0f);
            }
        }
    }

    @Test
    void aQwen2AudioLookAlikesPositionsStartEveryFourFrames() {
        LayeredModel lm = LayeredModelEndToEndTest.model(MiniBundles.QWEN2_AUDIO);
        FeatureSettings f = lm.manifest().features();
        assertEquals(4, f.adapterStride());
        Random random = new Random(7);
        for (int frames : new int[] {200, 201, 203, 318}) {
            float[][] logMel = new float[f.melBins()][frames];
            for (float[] row : logMel) {
                for (int i = 0; i < frames; i++) {
                    row[i] = (float) (0.5 * random.nextGaussian());
                }
            }
            SpeechEmbeddings speech = lm.encodeSpeech(logMel, frames);
            // Qwen2-Audio's own output length: conv stride 2 (padding 1), then average pooling by 2
            int afterConv = (frames - 1) / 2 + 1;
            assertEquals((afterConv - 2) / 2 + 1, speech.positions(), frames + " frames");
            assertStartsEveryStride(speech, f, 4, "Qwen2-Audio look-alike, " + frames + " frames");
        }
    }
}
