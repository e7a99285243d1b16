package org.gapscope.audio;

import java.io.IOException;
import java.util.function.BiFunction;

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

    /** How a device is named in its messages. */
    private record Device(String name, String notAllowed, String direction, String advice) {
    }

    private static final Device MICROPHONE = new Device("microphone", "this program is not allowed to record audio",
            "input", "connect a microphone or load an audio file instead");

    private static final Device SPEAKER = new Device("speaker", "this program is not allowed to play audio",
            "output", "connect headphones or speakers to listen");

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
        return () -> open(lookup, TargetDataLine.class, TargetDataLine::open, JavaSoundCapture::new, RATES, MICROPHONE);
    }

    static PlaybackDevice speaker(LineLookup lookup) {
        return preferredRate -> {
            int[] rates = preferredRate == RATES[0] ? RATES : new int[] {preferredRate, 48_000, 44_100};
            return open(lookup, SourceDataLine.class, SourceDataLine::open, JavaSoundPlayback::new, rates, SPEAKER);
        };
    }

    /** {@code TargetDataLine::open} or {@code SourceDataLine::open} (the two share no interface for it). */
    @FunctionalInterface
    private interface Opener<L> {
        void open(L line, AudioFormat format, int bufferBytes) throws LineUnavailableException;
    }

    /**
     * The first of {@code rates} at which a line of {@code type} opens and starts, wrapped; no device,
     * a busy one or no permission becomes a one-line {@link GapScopeException}.
     */
    private static <L extends DataLine, T> T open(LineLookup lookup, Class<L> type, Opener<L> opener,
            BiFunction<L, Integer, T> wrap, int[] rates, Device device) {
        Exception last = null;
        for (int rate : rates) {
            AudioFormat format = format(rate);
            try {
                L line = type.cast(lookup.getLine(new DataLine.Info(type, format)));
                opener.open(line, format, rate / 5 * 2);
                line.start();
                return wrap.apply(line, rate);
            } catch (SecurityException e) {
                throw new GapScopeException(device.name() + ": " + device.notAllowed(), e);
            } catch (IllegalArgumentException | LineUnavailableException | IllegalStateException e) {
                last = e;
            }
        }
        throw new GapScopeException(device.name() + ": " + reason(last, device.direction()) + "; " + device.advice(),
                last);
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

    /** A started line at its sample rate; closing stops, flushes and closes it. */
    private abstract static class StartedLine<L extends DataLine> {
        final L line;
        private final int rate;

        StartedLine(L line, int rate) {
            this.line = line;
            this.rate = rate;
        }

        public int sampleRate() {
            return rate;
        }

        public void close() {
            line.stop();
            line.flush();
            line.close();
        }
    }

    /** A started TargetDataLine. */
    private static final class JavaSoundCapture extends StartedLine<TargetDataLine> implements CaptureLine {

        JavaSoundCapture(TargetDataLine line, int rate) {
            super(line, rate);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!line.isOpen()) {
                return -1;
            }
            return line.read(buffer, offset, length);
        }
    }

    /** A started SourceDataLine. */
    private static final class JavaSoundPlayback extends StartedLine<SourceDataLine> implements PlaybackLine {

        JavaSoundPlayback(SourceDataLine line, int rate) {
            super(line, rate);
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
    }
}
