package org.gapscope.app.audio;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.DisplaySpectrogram;
import org.gapscope.audio.WaveformEnvelope;

/**
 * A clip with its display data (waveform envelope and log-mel spectrogram pyramids), built off the UI
 * thread once per clip so that redraws at any zoom are cheap.
 *
 * @param clip        the 16 kHz clip
 * @param envelope    its waveform envelope
 * @param spectrogram its 80-bin log-mel for display
 * @param label       what the pane says about it (file name, or "recording")
 */
public record AudioDisplay(AudioClip clip, WaveformEnvelope envelope, DisplaySpectrogram spectrogram, String label) {

    /** Builds the display data of {@code clip} (tens of milliseconds per minute of audio). */
    public static AudioDisplay of(AudioClip clip, String label) {
        return new AudioDisplay(clip, WaveformEnvelope.of(clip), DisplaySpectrogram.compute(clip), label);
    }

    /** The clip's length in seconds. */
    public double duration() {
        return clip.durationSeconds();
    }
}
