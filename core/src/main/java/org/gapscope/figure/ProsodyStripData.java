package org.gapscope.figure;

import com.google.gson.JsonObject;

/**
 * What the pitch and level strips show: per analysis frame its centre time, F0 in Hz (NaN where
 * unvoiced) and RMS level in dBFS, on the same time axis as the audio strip and the heatmap's speech
 * axis. Either strip may be left out; the data written next to the figure holds the strips drawn.
 *
 * @param duration       the clip's length in seconds
 * @param times          frame centres in seconds, increasing
 * @param f0Hz           F0 per frame, NaN where unvoiced
 * @param levelDb        level per frame in dBFS
 * @param pitch          whether the F0 strip is drawn
 * @param level          whether the level strip is drawn
 * @param pitchFloorHz   the lowest F0 the tracker reports
 * @param pitchCeilingHz the highest F0 the tracker reports
 * @param settings       how the tracks were computed, e.g. {@code yin, 75–600 Hz, window 64 ms, hop 10 ms}
 * @param title          a title, possibly empty
 */
public record ProsodyStripData(double duration, double[] times, float[] f0Hz, float[] levelDb, boolean pitch,
        boolean level, double pitchFloorHz, double pitchCeilingHz, String settings, String title) implements FigureData {

    /** How far below the loudest frame the level strip reaches, in dB. */
    static final double LEVEL_SPAN_DB = 60;

    /** Validates and copies. */
    public ProsodyStripData {
        if (!(duration > 0) || !Double.isFinite(duration)) {
            throw new IllegalArgumentException("prosody strip: duration must be positive, got " + duration);
        }
        if (times == null || f0Hz == null || levelDb == null || times.length != f0Hz.length
                || times.length != levelDb.length) {
            throw new IllegalArgumentException("prosody strip: needs as many F0 values and levels as frame times");
        }
        if (!pitch && !level) {
            throw new IllegalArgumentException("prosody strip: draw the pitch, the level or both");
        }
        if (!(pitchCeilingHz > pitchFloorHz) || !(pitchFloorHz > 0)) {
            throw new IllegalArgumentException("prosody strip: pitch range " + pitchFloorHz + " to " + pitchCeilingHz + " Hz");
        }
        times = times.clone();
        f0Hz = f0Hz.clone();
        levelDb = levelDb.clone();
        settings = settings == null ? "" : settings;
        title = title == null ? "" : title;
    }

    /** A copy of the frame times. */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** A copy of the F0 values. */
    @Override
    public float[] f0Hz() {
        return f0Hz.clone();
    }

    /** A copy of the levels. */
    @Override
    public float[] levelDb() {
        return levelDb.clone();
    }

    /** Number of frames. */
    public int frames() {
        return times.length;
    }

    /** Centre of frame k. */
    public double time(int k) {
        return times[k];
    }

    /** F0 of frame k (NaN: unvoiced). */
    public float f0(int k) {
        return f0Hz[k];
    }

    /** Level of frame k. */
    public float levelAt(int k) {
        return levelDb[k];
    }

    /** The F0 axis {lo, hi}: the voiced values' range widened by 10 % (at least 40 Hz), within the tracker's range. */
    public double[] pitchRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float f : f0Hz) {
            if (!Float.isNaN(f)) {
                lo = Math.min(lo, f);
                hi = Math.max(hi, f);
            }
        }
        if (lo > hi) {
            return new double[] {pitchFloorHz, pitchCeilingHz};
        }
        double centre = (lo + hi) / 2;
        double half = Math.max(20, (hi - lo) / 2 * 1.1);
        return new double[] {Math.max(pitchFloorHz, centre - half) * 0.98, Math.min(pitchCeilingHz, centre + half) * 1.02};
    }

    /** The level axis {lo, hi}: from {@link #LEVEL_SPAN_DB} below the loudest frame (or the quietest) to 3 dB above it. */
    public double[] levelRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float l : levelDb) {
            lo = Math.min(lo, l);
            hi = Math.max(hi, l);
        }
        if (lo > hi) {
            return new double[] {-LEVEL_SPAN_DB, 0};
        }
        return new double[] {Math.max(lo, hi - LEVEL_SPAN_DB) - 1, hi + 3};
    }

    @Override
    public String kind() {
        return "prosody";
    }

    /** One row per frame: {@code time_s}, then {@code f0_hz} (empty where unvoiced) and {@code level_db} for the strips drawn. */
    @Override
    public String toCsv() {
        Csv csv = new Csv().field("time_s");
        if (pitch) {
            csv.field("f0_hz");
        }
        if (level) {
            csv.field("level_db");
        }
        csv.end();
        for (int k = 0; k < times.length; k++) {
            csv.field(times[k]);
            if (pitch) {
                csv.field(Float.isNaN(f0Hz[k]) ? Double.NaN : Double.parseDouble(Float.toString(f0Hz[k])));
            }
            if (level) {
                csv.field(Double.parseDouble(Float.toString(levelDb[k])));
            }
            csv.end();
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        return Json.print(json());
    }

    /** The JSON object: times, F0 ({@code null} where unvoiced) and levels of the strips drawn, with the settings. */
    JsonObject json() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.add("settings", Json.str(settings));
        o.addProperty("pitch_floor_hz", pitchFloorHz);
        o.addProperty("pitch_ceiling_hz", pitchCeilingHz);
        o.addProperty("duration_s", duration);
        o.add("time_s", Json.array(times));
        if (pitch) {
            o.add("f0_hz", Json.array(f0Hz));
        }
        if (level) {
            o.add("level_db", Json.array(levelDb));
        }
        return o;
    }
}
