package org.gapscope.audio;

import be.tarsos.dsp.AudioDispatcher;

/**
 * Trims leading and trailing silence off a recording: TarsosDSP's dispatcher runs the clip in blocks
 * of {@link SilenceSettings#blockSeconds()}, each block's level is measured by TarsosDSP's silence
 * detector ({@link SilenceGate}), and everything before the first and after the last block above the
 * threshold (relative to the loudest block) goes, except a margin. A clip with no block above the
 * threshold is kept whole.
 */
public final class SilenceTrimmer {

    private SilenceTrimmer() {
    }

    /**
     * A trimmed clip and what was trimmed.
     *
     * @param clip the clip without its leading and trailing silence
     * @param trim what was removed
     */
    public record Result(AudioClip clip, SilenceTrim trim) {
    }

    /** Trims {@code clip}; the result has the clip's rate, format and source. */
    public static Result trim(AudioClip clip, SilenceSettings settings) {
        int rate = clip.sampleRate();
        int block = Math.max(1, (int) Math.round(settings.blockSeconds() * rate));
        float[] samples = clip.samplesView();
        if (samples.length == 0) {
            return new Result(clip, new SilenceTrim(0, 0, settings.floorDbfs(), settings.marginSeconds(), 0));
        }
        SilenceGate gate = new SilenceGate();
        double[] loudest = {ProsodyTrack.LEVEL_FLOOR_DB};
        blocks(samples, rate, block, buffer -> loudest[0] = Math.max(loudest[0], gate.levelDbfs(buffer)));
        double threshold = settings.thresholdDbfs(loudest[0]);
        int[] k = {0};
        int[] first = {-1};
        int[] last = {-1};
        blocks(samples, rate, block, buffer -> {
            if (!gate.silent(buffer, threshold)) {
                if (first[0] < 0) {
                    first[0] = k[0];
                }
                last[0] = k[0];
            }
            k[0]++;
        });
        double duration = clip.durationSeconds();
        if (first[0] < 0) {
            return new Result(clip, new SilenceTrim(0, 0, threshold, settings.marginSeconds(), duration));
        }
        int margin = (int) Math.round(settings.marginSeconds() * rate);
        int from = Math.max(0, first[0] * block - margin);
        int to = Math.min(samples.length, (last[0] + 1) * block + margin);
        AudioClip trimmed = clip.slice(from / (double) rate, to / (double) rate);
        return new Result(trimmed, new SilenceTrim(from / (double) rate, (samples.length - to) / (double) rate, threshold,
                settings.marginSeconds(), duration));
    }

    /** Runs {@code samples} through a TarsosDSP dispatcher in blocks of {@code block} (the last one shorter). */
    private static void blocks(float[] samples, int rate, int block, java.util.function.Consumer<float[]> each) {
        AudioDispatcher dispatcher = Dispatch.over(samples, rate, block, 0);
        dispatcher.setZeroPadLastBuffer(false);
        dispatcher.addAudioProcessor((Dispatch.Listener) event -> each.accept(event.getFloatBuffer()));
        dispatcher.run();
    }
}
