package org.gapscope.audio;

/**
 * One reading of the level meter: the RMS and peak of the last block of samples (linear, 1 = full
 * scale) and the recording time so far.
 *
 * @param rms            root mean square of the block
 * @param peak           largest absolute sample of the block
 * @param elapsedSeconds seconds recorded up to the end of the block
 */
public record AudioLevel(double rms, double peak, double elapsedSeconds) {

    /** The RMS in dB relative to full scale (-infinity for silence). */
    public double rmsDbfs() {
        return 20 * Math.log10(rms);
    }

    /** The peak in dB relative to full scale. */
    public double peakDbfs() {
        return 20 * Math.log10(peak);
    }

    /** True when the block touched full scale (likely clipping). */
    public boolean clipped() {
        return peak >= 32767 / 32768.0;
    }

    /** The level of a block of samples. */
    static AudioLevel of(float[] block, int count, double elapsedSeconds) {
        double sum = 0;
        double peak = 0;
        for (int i = 0; i < count; i++) {
            double s = block[i];
            sum += s * s;
            peak = Math.max(peak, Math.abs(s));
        }
        return new AudioLevel(count == 0 ? 0 : Math.sqrt(sum / count), peak, elapsedSeconds);
    }
}
