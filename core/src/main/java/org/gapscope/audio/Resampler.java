package org.gapscope.audio;

/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc low-pass at 96 % of the lower
 * Nyquist frequency (about 80 dB stop-band attenuation, stop band starting at the lower Nyquist
 * frequency, so nothing aliases), applied as a polyphase filter. Zero-phase: no delay is added.
 *
 * <p>When the rate ratio reduces to a fraction with a denominator of at most {@value #MAX_EXACT_PHASES}
 * (every common rate), every output sample uses an exactly computed filter phase; otherwise the
 * phase is interpolated linearly from a table of {@value #MAX_EXACT_PHASES} phases.
 */
public final class Resampler {

    /** Half the filter length, in periods of the lower of the two rates. */
    static final int ZERO_CROSSINGS = 64;
    /** Cut-off as a fraction of the lower Nyquist frequency. */
    static final double ROLLOFF = 0.96;
    /** Kaiser window shape: about 80 dB attenuation. */
    static final double KAISER_BETA = 7.857;
    /** Largest number of filter phases computed exactly. */
    static final int MAX_EXACT_PHASES = 4096;

    private final int fromRate;
    private final int toRate;
    private final long up;
    private final long down;
    private final int taps;
    private final int half;
    private final int phases;
    private final boolean exact;
    private final float[] table;

    /** A resampler from {@code fromRate} to {@code toRate} samples per second. */
    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        long g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        double scale = Math.min(1.0, toRate / (double) fromRate);
        double width = ZERO_CROSSINGS / scale; // half-width in input samples
        this.half = (int) Math.ceil(width);
        this.taps = 2 * half;
        this.exact = up <= MAX_EXACT_PHASES;
        this.phases = exact ? (int) up : MAX_EXACT_PHASES;
        int rows = exact ? phases : phases + 1;
        this.table = new float[rows * taps];
        double cutoff = scale * ROLLOFF; // in cycles per input sample, times two
        double i0Beta = besselI0(KAISER_BETA);
        for (int p = 0; p < rows; p++) {
            double frac = p / (double) phases;
            for (int m = 0; m < taps; m++) {
                // output time t = i + frac; tap m reads input i + 1 - half + m, at distance tau
                double tau = frac + half - 1 - m;
                table[p * taps + m] = (float) kernel(tau, width, cutoff, i0Beta);
            }
        }
    }

    /** Resamples {@code input} from one rate to another; returns a copy when the rates are equal. */
    public static float[] resample(float[] input, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return input.clone();
        }
        return new Resampler(fromRate, toRate).apply(input);
    }

    /** The number of output samples for {@code inputLength} input samples: ceil(n * to / from). */
    public long outputLength(long inputLength) {
        return (inputLength * up + down - 1) / down;
    }

    /** Resamples a whole signal (zeros assumed outside it). */
    public float[] apply(float[] input) {
        long outLength = outputLength(input.length);
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled signal too long: " + outLength + " samples");
        }
        float[] out = new float[(int) outLength];
        float[] interpolated = exact ? null : new float[taps];
        for (int n = 0; n < out.length; n++) {
            long position = n * down;
            long i = position / up;
            int rem = (int) (position % up);
            float[] coefficients;
            int offset;
            if (exact) {
                coefficients = table;
                offset = rem * taps;
            } else {
                double p = rem / (double) up * phases;
                int p0 = (int) p;
                float a = (float) (p - p0);
                int base0 = p0 * taps;
                int base1 = base0 + taps;
                for (int m = 0; m < taps; m++) {
                    interpolated[m] = table[base0 + m] + a * (table[base1 + m] - table[base0 + m]);
                }
                coefficients = interpolated;
                offset = 0;
            }
            long first = i + 1 - half;
            out[n] = dot(input, first, coefficients, offset, taps);
        }
        return out;
    }

    /** Sum of input[first + m] * c[offset + m] for m in [0, count), zero outside the input. */
    private static float dot(float[] input, long first, float[] c, int offset, int count) {
        int m0 = 0;
        int m1 = count;
        if (first < 0) {
            m0 = (int) Math.min(count, -first);
        }
        if (first + count > input.length) {
            m1 = (int) Math.max(0, input.length - first);
        }
        int start = (int) (first + m0);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int m = m0;
        int x = start;
        int coff = offset + m0;
        for (; m + 3 < m1; m += 4, x += 4, coff += 4) {
            s0 += input[x] * c[coff];
            s1 += input[x + 1] * c[coff + 1];
            s2 += input[x + 2] * c[coff + 2];
            s3 += input[x + 3] * c[coff + 3];
        }
        for (; m < m1; m++, x++, coff++) {
            s0 += input[x] * c[coff];
        }
        return (float) ((s0 + s1) + (s2 + s3));
    }

    /** Windowed sinc at distance {@code tau} input samples; {@code cutoff} = 2 fc / fs_in. */
    private static double kernel(double tau, double width, double cutoff, double i0Beta) {
        if (Math.abs(tau) >= width) {
            return 0;
        }
        double r = tau / width;
        double window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
        double x = cutoff * tau;
        double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        return cutoff * sinc * window;
    }

    /** The modified Bessel function of the first kind, order 0 (power series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Input rate. */
    public int fromRate() {
        return fromRate;
    }

    /** Output rate. */
    public int toRate() {
        return toRate;
    }
}
