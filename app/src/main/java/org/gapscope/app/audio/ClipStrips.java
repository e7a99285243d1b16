package org.gapscope.app.audio;

import org.gapscope.figure.ColorMap;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;

/**
 * Draws a clip's waveform and log-mel spectrogram strips on a canvas for any time range, from the
 * pyramids of its {@link AudioDisplay} (built once per clip off the UI thread). Shared by the audio
 * pane and the alignment heatmap's strips. Both strips become images, and the images of the last range
 * and size drawn are kept, so a redraw of the same range and size (a layer change on the heatmap) only
 * draws two images; one instance per canvas, used on the FX thread.
 */
public final class ClipStrips {

    /** What the kept columns or image were made for. */
    private record Made(AudioDisplay display, double from, double to, int columns, int rows, boolean dark) {
    }

    private float[] mins = new float[0];
    private float[] maxs = new float[0];
    private WritableImage waveImage;
    private Made waveMade;
    private float[] spectrum = new float[0];
    private WritableImage image;
    private Made imageMade;
    private int imagesBuilt;

    /** The waveform envelope of {@code range} in {@code columns} pixel columns from {@code x}, in the strip {@code top..top+height}. */
    public void wave(GraphicsContext g, AudioDisplay d, TimeRange range, double x, double top, int columns,
            double height, boolean dark) {
        int rows = Math.max(1, (int) Math.round(height));
        Made key = new Made(d, range.from(), range.to(), columns, rows, dark);
        if (!key.equals(waveMade)) {
            waveImage = renderWave(d, range, columns, rows, dark);
            waveMade = key;
        }
        g.setImageSmoothing(false);
        g.drawImage(waveImage, x, top, columns, height);
    }

    /** The log-mel spectrogram of {@code range} (low bands at the bottom) in {@code columns} pixel columns from {@code x}, stretched to {@code top..top+height}. */
    public void spectrogram(GraphicsContext g, AudioDisplay d, TimeRange range, double x, double top, int columns,
            double height, boolean dark) {
        Made key = new Made(d, range.from(), range.to(), columns, 0, dark);
        if (!key.equals(imageMade)) {
            image = render(d, range, columns, dark);
            imageMade = key;
            imagesBuilt++;
        }
        g.setImageSmoothing(true);
        g.drawImage(image, x, top, columns, height);
    }

    /** How many spectrogram images this painter has built (a redraw of the same range builds none). */
    public int imagesBuilt() {
        return imagesBuilt;
    }

    /** The envelope as pixels: per column, from its maximum down to its minimum (at least one pixel), on a clear ground. */
    private WritableImage renderWave(AudioDisplay d, TimeRange range, int columns, int rows, boolean dark) {
        if (mins.length < columns) {
            mins = new float[columns];
            maxs = new float[columns];
        }
        d.envelope().columns(range.from(), range.to(), columns, mins, maxs);
        float peak = 1e-6f;
        for (int c = 0; c < columns; c++) {
            if (!Float.isNaN(mins[c])) {
                peak = Math.max(peak, Math.max(Math.abs(mins[c]), Math.abs(maxs[c])));
            }
        }
        double mid = rows / 2.0;
        double scale = (rows / 2.0 - 2) / peak;
        int ink = dark ? 0xff7fb3e6 : 0xff2f6fad;
        WritableImage made = new WritableImage(columns, rows);
        PixelWriter pixels = made.getPixelWriter();
        for (int c = 0; c < columns; c++) {
            if (Float.isNaN(mins[c])) {
                continue;
            }
            int y0 = (int) Math.floor(mid - maxs[c] * scale);
            int y1 = Math.max(y0 + 1, (int) Math.ceil(mid - mins[c] * scale));
            for (int y = Math.max(0, y0); y < Math.min(rows, y1); y++) {
                pixels.setArgb(c, y, ink);
            }
        }
        return made;
    }

    private WritableImage render(AudioDisplay d, TimeRange range, int columns, boolean dark) {
        int bins = d.spectrogram().bins();
        if (spectrum.length < columns * bins) {
            spectrum = new float[columns * bins];
        }
        d.spectrogram().render(range.from(), range.to(), columns, spectrum);
        WritableImage made = new WritableImage(columns, bins);
        PixelWriter pixels = made.getPixelWriter();
        float lo = d.spectrogram().minValue();
        float hi = d.spectrogram().maxValue();
        double span = Math.max(1e-6, hi - lo);
        int background = dark ? 0xff1e1e20 : 0xfffafafa;
        for (int m = 0; m < bins; m++) {
            int y = bins - 1 - m;
            for (int c = 0; c < columns; c++) {
                float v = spectrum[m * columns + c];
                pixels.setArgb(c, y, Float.isNaN(v) ? background : 0xff000000 | ColorMap.VIRIDIS.rgb((v - lo) / span));
            }
        }
        return made;
    }
}
