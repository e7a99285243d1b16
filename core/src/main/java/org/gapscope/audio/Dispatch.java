package org.gapscope.audio;

import javax.sound.sampled.UnsupportedAudioFileException;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;

/**
 * TarsosDSP dispatchers over samples in memory, and small processors. TarsosDSP hands float samples to
 * its chain as 16-bit PCM, so samples outside [-1, 1] are clipped first (its converter would wrap them
 * round instead).
 */
final class Dispatch {

    private Dispatch() {
    }

    /** A dispatcher over {@code samples} in buffers of {@code bufferSize} overlapping by {@code overlap}. */
    static AudioDispatcher over(float[] samples, int sampleRate, int bufferSize, int overlap) {
        float[] inRange = samples;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] > 1f || samples[i] < -1f) {
                inRange = clipped(samples);
                break;
            }
        }
        try {
            return AudioDispatcherFactory.fromFloatArray(inRange, sampleRate, bufferSize, overlap);
        } catch (UnsupportedAudioFileException e) {
            // 16-bit signed little-endian mono PCM, the only format fromFloatArray builds, is always supported
            throw new IllegalStateException("TarsosDSP refused 16-bit PCM at " + sampleRate + " Hz", e);
        }
    }

    private static float[] clipped(float[] samples) {
        float[] out = new float[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, samples[i]));
        }
        return out;
    }

    /** A processor that only looks at each buffer (it never stops the chain). */
    @FunctionalInterface
    interface Listener extends AudioProcessor {

        /** Looks at one buffer. */
        void accept(AudioEvent event);

        @Override
        default boolean process(AudioEvent event) {
            accept(event);
            return true;
        }

        @Override
        default void processingFinished() {
            // nothing to release
        }
    }

    /** The level of a buffer in dB relative to full scale, from TarsosDSP's RMS, floored at {@code floorDb}. */
    static double levelDb(AudioEvent event, double floorDb) {
        double rms = event.getRMS();
        return rms > 0 ? Math.max(floorDb, 20 * Math.log10(rms)) : floorDb;
    }
}
