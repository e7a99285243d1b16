package org.gapscope.figure;

import com.google.gson.JsonObject;

/**
 * What the audio strip shows: the waveform as a min/max envelope over evenly spaced bins and the
 * (log-mel) spectrogram, both on a time axis starting at 0 s, the same axis as the heatmap's
 * speech axis.
 *
 * @param duration the clip's length in seconds
 * @param envelopeMin per bin, the smallest sample (bins evenly cover {@code [0, duration]})
 * @param envelopeMax per bin, the largest sample
 * @param spectrogram frames by bands (frame k starts at {@code k * frameSeconds}; band 0 is the lowest), or null
 * @param frameSeconds the hop between spectrogram frames in seconds
 * @param title a title, possibly empty
 */
public record AudioStripData(double duration, float[] envelopeMin, float[] envelopeMax, float[][] spectrogram,
        double frameSeconds, String title) implements FigureData {

    /** Validates and copies. */
    public AudioStripData {
        if (!(duration > 0) || !Double.isFinite(duration)) {
            throw new IllegalArgumentException("audio strip: duration must be positive, got " + duration);
        }
        if (envelopeMin == null || envelopeMax == null || envelopeMin.length != envelopeMax.length
                || envelopeMin.length == 0) {
            throw new IllegalArgumentException("audio strip: the envelope needs as many minima as maxima, at least one");
        }
        envelopeMin = envelopeMin.clone();
        envelopeMax = envelopeMax.clone();
        if (spectrogram != null) {
            if (spectrogram.length == 0 || spectrogram[0].length == 0) {
                throw new IllegalArgumentException("audio strip: the spectrogram is empty");
            }
            float[][] copy = new float[spectrogram.length][];
            for (int k = 0; k < spectrogram.length; k++) {
                if (spectrogram[k].length != spectrogram[0].length) {
                    throw new IllegalArgumentException("audio strip: ragged spectrogram at frame " + k);
                }
                copy[k] = spectrogram[k].clone();
            }
            spectrogram = copy;
            if (!(frameSeconds > 0)) {
                throw new IllegalArgumentException("audio strip: frame hop must be positive, got " + frameSeconds);
            }
        }
        title = title == null ? "" : title;
    }

    /**
     * The strip for a clip: the envelope of {@code samples} over {@code bins} bins, and the given
     * spectrogram ({@code [frames][bands]}, may be null) with its hop in seconds.
     */
    public static AudioStripData fromSamples(float[] samples, int sampleRate, float[][] spectrogram,
            double frameSeconds, int bins, String title) {
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException("audio strip: no samples");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("audio strip: sample rate must be positive, got " + sampleRate);
        }
        int n = Math.max(1, Math.min(bins, samples.length));
        float[] lo = new float[n];
        float[] hi = new float[n];
        for (int b = 0; b < n; b++) {
            int from = (int) ((long) b * samples.length / n);
            int to = (int) ((long) (b + 1) * samples.length / n);
            float mn = Float.POSITIVE_INFINITY;
            float mx = Float.NEGATIVE_INFINITY;
            for (int k = from; k < Math.max(to, from + 1); k++) {
                mn = Math.min(mn, samples[k]);
                mx = Math.max(mx, samples[k]);
            }
            lo[b] = mn;
            hi[b] = mx;
        }
        return new AudioStripData((double) samples.length / sampleRate, lo, hi, spectrogram, frameSeconds, title);
    }

    /** A copy of the envelope minima. */
    @Override
    public float[] envelopeMin() {
        return envelopeMin.clone();
    }

    /** A copy of the envelope maxima. */
    @Override
    public float[] envelopeMax() {
        return envelopeMax.clone();
    }

    /** A copy of the spectrogram, or null. */
    @Override
    public float[][] spectrogram() {
        if (spectrogram == null) {
            return null;
        }
        float[][] copy = new float[spectrogram.length][];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = spectrogram[k].clone();
        }
        return copy;
    }

    /** Number of envelope bins. */
    public int bins() {
        return envelopeMin.length;
    }

    /** Envelope minimum of bin b. */
    public float min(int b) {
        return envelopeMin[b];
    }

    /** Envelope maximum of bin b. */
    public float max(int b) {
        return envelopeMax[b];
    }

    /** Whether a spectrogram is present. */
    public boolean hasSpectrogram() {
        return spectrogram != null;
    }

    /** Spectrogram frames (0 without one). */
    public int frames() {
        return spectrogram == null ? 0 : spectrogram.length;
    }

    /** Spectrogram bands (0 without one). */
    public int bands() {
        return spectrogram == null ? 0 : spectrogram[0].length;
    }

    /** Spectrogram value of frame k, band m. */
    public float spectrogramValue(int k, int m) {
        return spectrogram[k][m];
    }

    /** The end of the spectrogram's last frame, or the duration without one. */
    public double spectrogramEnd() {
        return spectrogram == null ? duration : spectrogram.length * frameSeconds;
    }

    @Override
    public String kind() {
        return "audio-strip";
    }

    /** The envelope: one row per bin with its start time, minimum and maximum (the spectrogram is in the JSON). */
    @Override
    public String toCsv() {
        Csv csv = new Csv().row("bin", "time_s", "min", "max");
        for (int b = 0; b < envelopeMin.length; b++) {
            csv.field(b).field(b * duration / envelopeMin.length).field(envelopeMin[b]).field(envelopeMax[b]).end();
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.addProperty("duration_s", duration);
        o.add("envelope_min", Json.array(envelopeMin));
        o.add("envelope_max", Json.array(envelopeMax));
        if (spectrogram != null) {
            o.addProperty("frame_s", frameSeconds);
            o.add("spectrogram", Json.matrix(spectrogram));
        }
        return Json.print(o);
    }
}
