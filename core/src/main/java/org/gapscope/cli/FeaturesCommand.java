package org.gapscope.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gapscope features}: Whisper log-mel features of an audio file, written as a float32 .npy [mels, frames]. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        description = {
            "Compute Whisper's log-mel features of an audio file and write them as a float32 NumPy array "
                    + "of shape [mels, frames] (100 frames per second).",
            "Reads WAV, AIFF and AU (MP3, FLAC, Ogg with ffmpeg on the PATH), down-mixes to mono, resamples "
                    + "to 16 kHz; at most 10 minutes of audio."
        })
public final class FeaturesCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--audio", required = true, paramLabel = "FILE", description = "the audio file")
    private Path audio;

    @Option(names = "--mels", defaultValue = "80", paramLabel = "80|128",
            description = "mel bins: 80 (Whisper up to large-v2) or 128 (large-v3); default ${DEFAULT-VALUE}")
    private int mels;

    @Option(names = "--pad-seconds", paramLabel = "S",
            description = "zero-pad the audio to S seconds before the STFT, as Whisper's pad_or_trim "
                    + "(30 gives 3000 frames); longer audio is refused, not cut. Default: no padding")
    private Double padSeconds;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "the .npy file to write")
    private Path out;

    @Override
    public Integer call() {
        if (mels != 80 && mels != 128) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mels must be 80 or 128, not " + mels);
        }
        if (padSeconds != null && (!(padSeconds > 0) || padSeconds > AudioLoader.DEFAULT_MAX_SECONDS)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pad-seconds must be more than 0 and at most " + (int) AudioLoader.DEFAULT_MAX_SECONDS + ", not " + padSeconds);
        }
        AudioClip clip = new AudioLoader().load(audio);
        WhisperLogMel features = new WhisperLogMel(mels);
        LogMelSpectrogram spectrogram = padSeconds == null ? features.compute(clip) : features.compute(clip, padSeconds);
        Npy.write(out, NpyArray.ofFloats(spectrogram.toRowMajor(), spectrogram.mels(), spectrogram.frames()));
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s: float32 [%d, %d] from %.2f s of %s",
                out, spectrogram.mels(), spectrogram.frames(), clip.durationSeconds(), clip.sourceFormat().describe()));
        return 0;
    }
}
