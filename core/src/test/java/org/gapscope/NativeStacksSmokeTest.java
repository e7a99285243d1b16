package org.gapscope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.io.UniversalAudioInputStream;
import be.tarsos.dsp.pitch.PitchProcessor;

/** Proves that the three native stacks load offline on this machine. */
class NativeStacksSmokeTest {

    @Test
    void djlPyTorchRunsATensorOperationOffline() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run DJL offline");
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            float[] product = a.matMul(b).toFloatArray();
            assertArrayEquals(new float[] {19, 22, 43, 50}, product, 1e-6f);
        }
        assertTrue(engine.getVersion().startsWith("2.5.1"), "libtorch version " + engine.getVersion());
    }

    @Test
    void nd4jComputesAMatrixProduct() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3});
        INDArray b = Nd4j.create(new float[] {7, 8, 9, 10, 11, 12}, new long[] {3, 2});
        INDArray c = a.mmul(b);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c.data().asFloat(), 1e-5f);
    }

    @Test
    void tarsosDspFindsThePitchOfAGeneratedSine() throws Exception {
        float rate = 16000f;
        int n = 16000;
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = (short) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 440.0 * i / rate));
            pcm[2 * i] = (byte) (s & 0xff);
            pcm[2 * i + 1] = (byte) ((s >> 8) & 0xff);
        }
        TarsosDSPAudioFormat format = new TarsosDSPAudioFormat(rate, 16, 1, true, false);
        AudioDispatcher dispatcher = new AudioDispatcher(
                new UniversalAudioInputStream(new java.io.ByteArrayInputStream(pcm), format), 1024, 0);
        AtomicInteger near440 = new AtomicInteger();
        AtomicInteger frames = new AtomicInteger();
        dispatcher.addAudioProcessor(new PitchProcessor(
                PitchProcessor.PitchEstimationAlgorithm.YIN, rate, 1024,
                (result, event) -> {
                    frames.incrementAndGet();
                    if (result.isPitched() && Math.abs(result.getPitch() - 440f) < 2f) {
                        near440.incrementAndGet();
                    }
                }));
        dispatcher.addAudioProcessor(new AudioProcessor() {
            @Override
            public boolean process(AudioEvent audioEvent) {
                return true;
            }

            @Override
            public void processingFinished() {
            }
        });
        dispatcher.run();
        assertTrue(frames.get() >= 10, "frames processed: " + frames.get());
        assertTrue(near440.get() >= frames.get() - 1, near440.get() + " of " + frames.get() + " frames at 440 Hz");
    }
}
