package org.gapscope.cli.figure;

import java.nio.file.Path;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.AudioProsodyData;
import org.gapscope.figure.AudioProsodyRenderer;
import org.gapscope.figure.AudioStripData;
import org.gapscope.figure.AudioStripRenderer;
import org.gapscope.figure.FigureRenderer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gapscope figure audio}: the waveform and log-mel spectrogram of an audio file, with its pitch
 * (F0) and level tracks under the waveform when asked ({@code --pitch}, {@code --level}).
 */
@Command(name = "audio", mixinStandardHelpOptions = true,
        description = {
            "The audio strip: waveform and Whisper log-mel spectrogram of an audio file on one time axis;",
            "with --pitch and/or --level also the F0 track (Hz, empty where unvoiced) and the RMS level (dBFS)",
            "under the waveform, computed by TarsosDSP in 64 ms frames every 10 ms. --data writes",
            "time_s, f0_hz, level_db as CSV (or everything as JSON)."})
final class AudioFigure extends FigureSubcommand {

    @Option(names = "--audio", required = true, paramLabel = "FILE", description = "the audio file")
    Path audio;

    @Mixin
    ProsodyOptions prosody = new ProsodyOptions();

    @Override
    FigureRenderer draw() {
        ProsodySettings settings = prosody.asked() ? prosody.settings() : null;
        AudioClip clip = new AudioLoader().load(audio);
        String title = output.title != null ? output.title : audio.getFileName().toString();
        AudioStripData data = AnalysisFigures.audio(clip, new WhisperLogMel(80).compute(clip), title);
        if (settings == null) {
            return new AudioStripRenderer(data);
        }
        return new AudioProsodyRenderer(new AudioProsodyData(data, prosody.strips(clip, settings, title)));
    }
}
