package org.gapscope.figure;

/** Synthetic pitch and level tracks on the time axis of {@link FigureSamples#audio}. */
final class ProsodySamples {

    private ProsodySamples() {
    }

    /** Frames every 10 ms over {@code seconds}: voiced where the sample clip's words sound, F0 gliding 110 to 190 Hz. */
    static ProsodyStripData prosody(double seconds, boolean pitch, boolean level) {
        int n = (int) Math.floor((seconds - 0.064) / 0.01) + 1;
        double[] times = new double[n];
        float[] f0 = new float[n];
        float[] db = new float[n];
        for (int k = 0; k < n; k++) {
            double t = 0.032 + k * 0.01;
            times[k] = t;
            double word = Math.sin(Math.PI * t * 4.2);
            boolean sounding = word > 0.15 && t > 0.15 && t < seconds - 0.25;
            f0[k] = sounding ? (float) (150 + 40 * Math.sin(2 * Math.PI * t / seconds) - 15 * word) : Float.NaN;
            db[k] = (float) (sounding ? -14 + 8 * word : -62 + 2 * Math.sin(k));
        }
        return new ProsodyStripData(seconds, times, f0, db, pitch, level, 75, 600, "yin, 75–600 Hz, window 64 ms, hop 10 ms",
                "synthetic clip");
    }
}
