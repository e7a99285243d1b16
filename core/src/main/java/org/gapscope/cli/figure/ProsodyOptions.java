package org.gapscope.cli.figure;

import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.PitchAlgorithm;
import org.gapscope.audio.ProsodyAnalyzer;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.ProsodyTrack;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.ProsodyStripData;

import picocli.CommandLine.Option;

/** The options of the pitch (F0) and level strips, shared by {@code figure audio} and {@code figure heatmap}. */
final class ProsodyOptions {

    @Option(names = "--pitch", description = "draw the pitch (F0) track of the clip, computed by TarsosDSP")
    boolean pitch;

    @Option(names = "--level", description = "draw the level (RMS, dB relative to full scale) track of the clip")
    boolean level;

    @Option(names = "--pitch-algorithm", defaultValue = "yin", paramLabel = "yin|fast-yin|mpm",
            description = "F0 estimator; default ${DEFAULT-VALUE}")
    String algorithm;

    @Option(names = "--pitch-floor", defaultValue = "75", paramLabel = "HZ",
            description = "lowest F0 reported (lower is unvoiced); default ${DEFAULT-VALUE}")
    double floorHz;

    @Option(names = "--pitch-ceiling", defaultValue = "600", paramLabel = "HZ",
            description = "highest F0 reported (higher is unvoiced); default ${DEFAULT-VALUE}")
    double ceilingHz;

    /** Whether a strip was asked for. */
    boolean asked() {
        return pitch || level;
    }

    /** The settings the options name; a one-line error for a bad algorithm or range. */
    ProsodySettings settings() {
        PitchAlgorithm chosen = PitchAlgorithm.parse(algorithm);
        try {
            return ProsodySettings.defaults().withAlgorithm(chosen).withPitchRange(floorHz, ceilingHz);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException("--pitch-floor/--pitch-ceiling: " + e.getMessage(), e);
        }
    }

    /** The strips asked for, of {@code clip}; a clip shorter than one analysis frame is a one-line error. */
    ProsodyStripData strips(AudioClip clip, ProsodySettings settings, String title) {
        ProsodyTrack track = ProsodyAnalyzer.analyze(clip, settings);
        if (track.frames() == 0) {
            throw new GapScopeException(String.format(Locale.ROOT,
                    "%s: %.3f s of audio is too short for the pitch and level tracks (one frame is %.0f ms)",
                    clip.source().map(p -> p.getFileName().toString()).orElse("the clip"), clip.durationSeconds(),
                    track.windowSeconds() * 1000));
        }
        return AnalysisFigures.prosody(track, pitch, level, title);
    }
}
