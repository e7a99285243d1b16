package org.gapscope.figure;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The audio figure with pitch and level: the audio strip (waveform, log-mel) and the prosody strips
 * on one time axis. Its CSV is the prosody table (time, F0, level); its JSON holds both.
 *
 * @param audio   the waveform and spectrogram
 * @param prosody the F0 and level tracks
 */
public record AudioProsodyData(AudioStripData audio, ProsodyStripData prosody) implements FigureData {

    /** Checks that both parts are there. */
    public AudioProsodyData {
        if (audio == null || prosody == null) {
            throw new IllegalArgumentException("audio figure: needs the audio strip and the prosody strips");
        }
    }

    @Override
    public String kind() {
        return "audio-prosody";
    }

    @Override
    public String title() {
        return audio.title();
    }

    /** The prosody table: {@code time_s}, {@code f0_hz} (empty where unvoiced), {@code level_db}. */
    @Override
    public String toCsv() {
        return prosody.toCsv();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title()));
        o.add("audio", JsonParser.parseString(audio.toJson()));
        o.add("prosody", prosody.json());
        return Json.print(o);
    }
}
