package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

/**
 * Java Sound's ways of saying "no device" become one-line messages; on this machine's devices and on
 * stand-in lines, a recording gives a clip or one line, never another exception or a hang.
 */
class JavaSoundDevicesTest {

    @Test
    void illegalArgumentFromTheLookupMeansNoMicrophone() {
        AtomicInteger tries = new AtomicInteger();
        CaptureDevice mic = JavaSoundDevices.microphone(info -> {
            tries.incrementAndGet();
            throw new IllegalArgumentException("No line matching interface TargetDataLine supporting format ...");
        });
        GapScopeException e = assertThrows(GapScopeException.class, mic::open);
        assertEquals("microphone: no audio input device found; connect a microphone or load an audio file instead",
                e.getMessage());
        assertEquals(JavaSoundDevices.RATES.length, tries.get(), "every rate tried");
    }

    @Test
    void unavailableLineMeansBusy() {
        CaptureDevice mic = JavaSoundDevices.microphone(info -> {
            throw new LineUnavailableException("Device or resource busy");
        });
        GapScopeException e = assertThrows(GapScopeException.class, mic::open);
        assertTrue(e.getMessage().startsWith("microphone: the audio input is busy or unavailable (Device or resource busy)"),
                e.getMessage());
    }

    @Test
    void noSpeakerMessage() {
        PlaybackDevice speaker = JavaSoundDevices.speaker(info -> {
            throw new IllegalArgumentException("No line matching interface SourceDataLine");
        });
        GapScopeException e = assertThrows(GapScopeException.class, () -> speaker.open(16000));
        assertEquals("speaker: no audio output device found; connect headphones or speakers to listen", e.getMessage());
    }

    /** What a device did: the clip it recorded, or the one-line message it failed with. */
    private record Outcome(AudioClip clip, String message) {
    }

    /**
     * Records {@code seconds} from {@code mic}: either a 16 kHz clip of at most that length, or a
     * one-line "microphone: ..." message, at the start or from the recording; anything else (another
     * exception, a recording that never ends) fails.
     */
    private static Outcome record(CaptureDevice mic, double seconds) throws Exception {
        Recording r;
        try {
            r = new LineRecorder(mic).start(seconds, null);
        } catch (GapScopeException e) {
            return new Outcome(null, oneLine(e, "microphone: "));
        }
        try {
            AudioClip clip = r.clip().get(30, TimeUnit.SECONDS);
            assertEquals(AudioClip.SAMPLE_RATE, clip.sampleRate());
            assertTrue(clip.length() > 0 && clip.length() <= Math.ceil(seconds * AudioClip.SAMPLE_RATE),
                    clip.length() + " samples");
            return new Outcome(clip, null);
        } catch (ExecutionException e) {
            return new Outcome(null, oneLine(e.getCause(), "microphone: "));
        }
    }

    /** Plays a short clip on {@code speaker}: it finishes, or fails with a one-line "speaker: ..." message. */
    private static Outcome play(PlaybackDevice speaker) throws Exception {
        Playback p;
        try {
            p = new LinePlayer(speaker).play(AudioClip.ofSamples(new float[1600]));
        } catch (GapScopeException e) {
            return new Outcome(null, oneLine(e, "speaker: "));
        }
        try {
            p.finished().get(30, TimeUnit.SECONDS);
            return new Outcome(null, null);
        } catch (ExecutionException e) {
            return new Outcome(null, oneLine(e.getCause(), "speaker: "));
        }
    }

    private static String oneLine(Throwable e, String prefix) {
        GapScopeException g = assertInstanceOf(GapScopeException.class, e, "a user-facing error, not " + e);
        assertTrue(g.getMessage().startsWith(prefix), g.getMessage());
        assertFalse(g.getMessage().contains("\n"), g.getMessage());
        return g.getMessage();
    }

    /** A Java Sound line that opens and starts, then reads silence (or fails on the first read). */
    private static Line standInLine(Class<?> type, boolean failOnRead) {
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "isOpen" -> true;
            case "read" -> {
                if (failOnRead) {
                    throw new IllegalStateException("device unplugged");
                }
                yield args[2];
            }
            case "write" -> args[2];
            case "getLongFramePosition" -> 0L;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "stand-in " + type.getSimpleName();
            default -> null; // open, start, stop, flush, drain, close
        };
        return (Line) Proxy.newProxyInstance(JavaSoundDevicesTest.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    @Test
    void thisMachinesMicrophoneRecordsOrSaysWhy() throws Exception {
        Outcome o = record(JavaSoundDevices.defaultMicrophone(), 0.1);
        assertTrue(o.clip() != null || o.message() != null);
    }

    @Test
    void thisMachinesSpeakerPlaysOrSaysWhy() throws Exception {
        play(JavaSoundDevices.defaultSpeaker());
    }

    @Test
    void aWorkingMicrophoneGivesTheClipAndAWorkingSpeakerFinishes() throws Exception {
        Outcome o = record(JavaSoundDevices.microphone(info -> standInLine(TargetDataLine.class, false)), 0.1);
        assertNull(o.message());
        assertEquals(1600, o.clip().length());
        assertNull(play(JavaSoundDevices.speaker(info -> standInLine(SourceDataLine.class, false))).message());
    }

    @Test
    void aMicrophoneThatFailsWhileRecordingSaysSoInOneLine() throws Exception {
        Outcome o = record(JavaSoundDevices.microphone(info -> standInLine(TargetDataLine.class, true)), 0.1);
        assertNull(o.clip());
        assertTrue(o.message().startsWith("microphone: recording failed after 0.0 s (device unplugged)"), o.message());
    }
}
