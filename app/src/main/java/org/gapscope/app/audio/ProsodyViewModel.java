package org.gapscope.app.audio;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.ProsodyAnalyzer;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.ProsodyTrack;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.ProsodyStripData;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableValue;

/**
 * The pitch (F0) and level tracks of the audio pane: two toggles, the track of the shown clip
 * (computed by TarsosDSP in the background once a toggle is on, kept for the last few clips), and
 * the read-out at the pointer (time, Hz, dB).
 */
public final class ProsodyViewModel {

    private static final int KEEP = 12;

    private final BackgroundExecutor executor;
    private final ObservableValue<AudioDisplay> display;
    private final ProsodySettings settings = ProsodySettings.defaults();
    private final BooleanProperty showPitch = new SimpleBooleanProperty(false);
    private final BooleanProperty showLevel = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<ProsodyTrack> track = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final Map<AudioClip, ProsodyTrack> computed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AudioClip, ProsodyTrack> eldest) {
            return size() > KEEP;
        }
    };
    private long request;

    /** Follows {@code display}: its clip's tracks are computed on {@code executor} when asked for. */
    public ProsodyViewModel(BackgroundExecutor executor, ObservableValue<AudioDisplay> display) {
        this.executor = executor;
        this.display = display;
        display.addListener(o -> update());
        showPitch.addListener(o -> update());
        showLevel.addListener(o -> update());
    }

    private void update() {
        AudioDisplay shown = display.getValue();
        long id = ++request;
        problem.set("");
        if (shown == null || !(showPitch.get() || showLevel.get())) {
            track.set(null);
            return;
        }
        AudioClip clip = shown.clip();
        ProsodyTrack known = computed.get(clip);
        if (known != null) {
            track.set(known);
            return;
        }
        track.set(null);
        executor.submit(() -> ProsodyAnalyzer.analyze(clip, settings), result -> {
            computed.put(clip, result);
            if (id == request) {
                track.set(result);
                if (result.frames() == 0) {
                    problem.set(String.format(Locale.ROOT, "The clip is too short for pitch and level (one frame is %.0f ms).",
                            result.windowSeconds() * 1000));
                }
            }
        }, error -> {
            if (id == request) {
                problem.set("Pitch and level: " + error.getMessage());
            }
        });
    }

    /** Sets the read-out for the pointer at {@code seconds} in the clip (NaN: the pointer left the pane). */
    public void pointAt(double seconds) {
        readout.set(readout(seconds));
    }

    /** The read-out at {@code seconds}: the time, and F0 and level where their strips are shown. */
    String readout(double seconds) {
        AudioDisplay shown = display.getValue();
        if (shown == null || Double.isNaN(seconds)) {
            return "";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.3f s", seconds));
        ProsodyTrack t = track.get();
        int k = t == null ? -1 : t.frameAt(seconds);
        if (showPitch.get() && k >= 0) {
            text.append(t.voiced(k) ? String.format(Locale.ROOT, " · F0 %.1f Hz", t.f0(k)) : " · unvoiced");
        }
        if (showLevel.get() && k >= 0) {
            text.append(String.format(Locale.ROOT, " · level %.1f dB", t.level(k)));
        }
        return text.toString();
    }

    /** Whether strips are on and the shown clip's tracks are ready to draw. */
    public boolean ready() {
        ProsodyTrack t = track.get();
        return t != null && t.frames() > 0 && (showPitch.get() || showLevel.get());
    }

    /**
     * The strips to draw for the shown clip, as the audio figure draws them (so their axes match an
     * export), or null while the tracks are computing or both strips are off.
     */
    public ProsodyStripData strips() {
        return ready() ? AnalysisFigures.prosody(track.get(), showPitch.get(), showLevel.get(), "") : null;
    }

    /** Whether the F0 strip is shown. */
    public BooleanProperty showPitchProperty() {
        return showPitch;
    }

    /** Whether the level strip is shown. */
    public BooleanProperty showLevelProperty() {
        return showLevel;
    }

    /** The shown clip's tracks, once computed (null while computing, or with both strips off). */
    public ReadOnlyObjectProperty<ProsodyTrack> trackProperty() {
        return track.getReadOnlyProperty();
    }

    /** The read-out at the pointer, e.g. {@code 1.234 s · F0 143.2 Hz · level -23.4 dB} (empty: none). */
    public ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }

    /** Why the tracks cannot be shown (empty: they can). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The settings the tracks are computed with. */
    public ProsodySettings settings() {
        return settings;
    }
}
