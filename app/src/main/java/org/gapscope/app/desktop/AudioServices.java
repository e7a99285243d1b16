package org.gapscope.app.desktop;

import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.JavaSoundDevices;
import org.gapscope.audio.LinePlayer;
import org.gapscope.audio.LineRecorder;
import org.gapscope.audio.Player;
import org.gapscope.audio.Recorder;

/**
 * The audio services the window uses: a file loader, the microphone and the speaker (fakes in tests).
 *
 * @param loader   decodes audio files to 16 kHz mono
 * @param recorder records from the microphone
 * @param player   plays clips
 */
public record AudioServices(AudioLoader loader, Recorder recorder, Player player) {

    /** The system's default microphone and speaker through Java Sound. */
    public static AudioServices system() {
        return new AudioServices(new AudioLoader(), new LineRecorder(JavaSoundDevices.defaultMicrophone()),
                new LinePlayer(JavaSoundDevices.defaultSpeaker()));
    }
}
