package org.gapscope.app.audio;

import org.gapscope.app.session.SessionPart;

/**
 * The audio pane's part of a session ({@code audio}): the pitch and level strips, the playback speed,
 * and the recording settings. A value out of its range keeps the current one.
 *
 * @param showPitch       whether the F0 strip is shown
 * @param showLevel       whether the level strip is shown
 * @param speed           the playback speed, one of {@link AudioViewModel#SPEEDS}
 * @param maxSeconds      the longest recording in seconds (1 to 600)
 * @param stopOnSilence   whether a recording stops after a stretch of silence
 * @param silenceSeconds  that stretch in seconds (above 0)
 * @param trimSilence     whether silence is trimmed off a recording's ends
 */
public record AudioSession(Boolean showPitch, Boolean showLevel, Double speed, Double maxSeconds,
        Boolean stopOnSilence, Double silenceSeconds, Boolean trimSilence) {

    /** The key of this part. */
    public static final String KEY = "audio";

    static SessionPart<AudioSession> part(AudioViewModel view) {
        return SessionPart.of(KEY, AudioSession.class, () -> new AudioSession(view.prosody().showPitchProperty().get(),
                view.prosody().showLevelProperty().get(), view.speedProperty().get(),
                view.recorder().maxSecondsProperty().get(), view.recorder().stopOnSilenceProperty().get(),
                view.recorder().silenceSecondsProperty().get(), view.recorder().trimSilenceProperty().get()), saved -> {
                    SessionPart.set(saved.showPitch(), view.prosody().showPitchProperty()::set);
                    SessionPart.set(saved.showLevel(), view.prosody().showLevelProperty()::set);
                    SessionPart.set(saved.speed() != null && AudioViewModel.SPEEDS.contains(saved.speed())
                            ? saved.speed() : null, view.speedProperty()::set);
                    SessionPart.set(saved.maxSeconds() != null && saved.maxSeconds() >= 1 && saved.maxSeconds() <= 600
                            ? saved.maxSeconds() : null, view.recorder().maxSecondsProperty()::set);
                    SessionPart.set(saved.stopOnSilence(), view.recorder().stopOnSilenceProperty()::set);
                    SessionPart.set(saved.silenceSeconds() != null && saved.silenceSeconds() > 0
                            && Double.isFinite(saved.silenceSeconds()) ? saved.silenceSeconds() : null,
                            view.recorder().silenceSecondsProperty()::set);
                    SessionPart.set(saved.trimSilence(), view.recorder().trimSilenceProperty()::set);
                });
    }
}
