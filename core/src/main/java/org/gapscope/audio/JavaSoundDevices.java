package org.gapscope.audio;

import java.io.IOException;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

import org.gapscope.GapScopeException;

/**
 * The default microphone and speaker through Java Sound, 16-bit mono at 16 kHz when the device
 * allows it (else 48 or 44.1 kHz, resampled). No device is a normal state: Java Sound then throws
 * {@link IllegalArgumentException} (not only {@link LineUnavailableException}), which becomes a
 * one-line {@link GapScopeException}.
 */
public final class JavaSoundDevices {

    /** Rates tried in order. */
    static final int[] RATES = {16_000, 48_000, 44_100};

    /** Finds a line for a line description; {@code AudioSystem::getLine} outside tests. */
    @FunctionalInterface
    interface LineLookup {
        Line getLine(Line.Info info) throws LineUnavailableException;
    }

    private JavaSoundDevices() {
    }

    /** The system's default audio input. */
    public static CaptureDevice defaultMicrophone() {
        return microphone(AudioSystem::getLine);
    }

    /** The system's default audio output. */
    public static PlaybackDevice defaultSpeaker() {
        return speaker(AudioSystem::getLine);
    }

    static CaptureDevice microphone(LineLookup lookup) {
        return () -> {
            Exception last = null;
            for (int rate : RATES) {
                AudioFormat format = format(rate);
                try {
                    TargetDataLine line = (TargetDataLine) lookup.getLine(new DataLine.Info(TargetDataLine.class, format));
                    line.open(format, rate / 5 * 2);
                    line.start();
                    return new JavaSoundCapture(line, rate);
                } catch (SecurityException e) {
                    throw new GapScopeException("microphone: this program is not allowed to record audio", e);
                } catch (IllegalArgumentException | LineUnavailableException | IllegalStateException e) {
                    last = e;
                }
            }
            throw new GapScopeException("microphone: " + reason(last, "input")
                    + "; connect a microphone or load an audio file instead", last);
        };
    }

    static PlaybackDevice speaker(LineLookup lookup) {
        return preferredRate -> {
            Exception last = null;
            int[] rates = preferredRate == RATES[0] ? RATES : new int[] {preferredRate, 48_000, 44_100};
            for (int rate : rates) {
                AudioFormat format = format(rate);
                try {
                    SourceDataLine line = (SourceDataLine) lookup.getLine(new DataLine.Info(SourceDataLine.class, format));
                    line.open(format, rate / 5 * 2);
                    line.start();
                    return new JavaSoundPlayback(line, rate);
                } catch (SecurityException e) {
                    throw new GapScopeException("speaker: this program is not allowed to play audio", e);
                } catch (IllegalArgumentException | LineUnavailableException | IllegalStateException e) {
                    last = e;
                }
            }
            throw new GapScopeException("speaker: " + reason(last, "output")
                    + "; connect headphones or speakers to listen", last);
        };
    }

    private static String reason(Exception e, String direction) {
        if (e instanceof LineUnavailableException) {
            return "the audio " + direction + " is busy or unavailable"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage().strip() + ")");
        }
        return "no audio " + direction + " device found";
    }

    private static AudioFormat format(int rate) {
        return new AudioFormat(rate, 16, 1, true, false);
    }

    /** A started TargetDataLine. */
    private static final class JavaSoundCapture implements CaptureLine {
        private final TargetDataLine line;
        private final int rate;

        JavaSoundCapture(TargetDataLine line, int rate) {
            this.line = line;
            this.rate = rate;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!line.isOpen()) {
                return -1;
            }
            return line.read(buffer, offset, length);
        }

        @Override
        public void close() {
            line.stop();
            line.flush();
            line.close();
        }
    }

    /** A started SourceDataLine. */
    private static final class JavaSoundPlayback implements PlaybackLine {
        private final SourceDataLine line;
        private final int rate;

        JavaSoundPlayback(SourceDataLine line, int rate) {
            this.line = line;
            this.rate = rate;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            line.write(buffer, offset, length);
        }

        @Override
        public void drain() {
            line.drain();
        }

        @Override
        public long framesPlayed() {
            return line.getLongFramePosition();
        }

        @Override
        public void close() {
            line.stop();
            line.flush();
            line.close();
        }
    }
}
