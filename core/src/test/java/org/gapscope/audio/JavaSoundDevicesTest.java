package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sound.sampled.LineUnavailableException;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Java Sound's ways of saying "no device" become one-line messages. */
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

    @Test
    void thisMachinesDefaultMicrophoneIsAMessageOrALine() {
        CaptureLine line;
        try {
            line = JavaSoundDevices.defaultMicrophone().open();
        } catch (GapScopeException e) {
            assertTrue(e.getMessage().startsWith("microphone: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            return;
        }
        line.close();
        Assumptions.abort("this machine has a microphone; the no-device path was covered by the fakes");
    }

    @Test
    void thisMachinesDefaultSpeakerIsAMessageOrALine() {
        PlaybackLine line;
        try {
            line = JavaSoundDevices.defaultSpeaker().open(16000);
        } catch (GapScopeException e) {
            assertTrue(e.getMessage().startsWith("speaker: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            return;
        }
        line.close();
        Assumptions.abort("this machine has a speaker; the no-device path was covered by the fakes");
    }

    @Test
    void recorderAndPlayerOnThisMachineNeverCrash() {
        try {
            Recording r = new LineRecorder(JavaSoundDevices.defaultMicrophone()).start(0.1, null);
            r.stop();
            r.clip().handle((clip, error) -> null).join();
        } catch (GapScopeException e) {
            assertTrue(e.getMessage().startsWith("microphone: "));
        }
        try {
            new LinePlayer(JavaSoundDevices.defaultSpeaker()).play(AudioClip.ofSamples(new float[160])).finished()
                    .handle((ok, error) -> null).join();
        } catch (GapScopeException e) {
            assertTrue(e.getMessage().startsWith("speaker: "));
        }
    }
}
