package org.gapscope.cli.figure;

import java.nio.file.Path;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.AudioStripData;
import org.gapscope.figure.AudioStripRenderer;
import org.gapscope.figure.FigureRenderer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gapscope figure audio}: the waveform and log-mel spectrogram of an audio file. */
@Command(name = "audio", mixinStandardHelpOptions = true,
        description = "The audio strip: waveform and Whisper log-mel spectrogram of an audio file on one time axis.")
final class AudioFigure extends FigureSubcommand {

    @Option(names = "--audio", required = true, paramLabel = "FILE", description = "the audio file")
    Path audio;

    @Override
    FigureRenderer draw() {
        AudioClip clip = new AudioLoader().load(audio);
        String title = output.title != null ? output.title : audio.getFileName().toString();
        AudioStripData data = AnalysisFigures.audio(clip, new WhisperLogMel(80).compute(clip), title);
        return new AudioStripRenderer(data);
    }
}
