package org.gapscope.app.audio;

import org.gapscope.figure.ColorMap;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * Draws a clip's waveform and log-mel spectrogram strips on a canvas for any time range, from the
 * pyramids of its {@link AudioDisplay} (built once per clip off the UI thread). Shared by the audio
 * pane and the alignment heatmap's strips. The envelope columns and the spectrogram image of the last
 * range drawn are kept, so a redraw of the same range and width (a layer change on the heatmap) only
 * paints them again; one instance per canvas, used on the FX thread.
 */
public final class ClipStrips {

    /** What the kept columns or image were made for. */
    private record Made(AudioDisplay display, double from, double to, int columns, boolean dark) {
    }

    private float[] mins = new float[0];
    private float[] maxs = new float[0];
    private float peak = 1e-6f;
    private Made waveMade;
    private float[] spectrum = new float[0];
    private WritableImage image;
    private Made imageMade;
    private int imagesBuilt;

    /** The waveform envelope of {@code range} in {@code columns} pixel columns from {@code x}, in the strip {@code top..top+height}. */
    public void wave(GraphicsContext g, AudioDisplay d, TimeRange range, double x, double top, int columns,
            double height, boolean dark) {
        Made key = new Made(d, range.from(), range.to(), columns, false);
        if (!key.equals(waveMade)) {
            if (mins.length < columns) {
                mins = new float[columns];
                maxs = new float[columns];
            }
            d.envelope().columns(range.from(), range.to(), columns, mins, maxs);
            float p = 1e-6f;
            for (int c = 0; c < columns; c++) {
                if (!Float.isNaN(mins[c])) {
                    p = Math.max(p, Math.max(Math.abs(mins[c]), Math.abs(maxs[c])));
                }
            }
            peak = p;
            waveMade = key;
        }
        double mid = top + height / 2;
        double scale = (height / 2 - 2) / peak;
        g.setStroke(dark ? Color.web("#7fb3e6") : Color.web("#2f6fad"));
        g.setLineWidth(1);
        for (int c = 0; c < columns; c++) {
            if (Float.isNaN(mins[c])) {
                continue;
            }
            double y0 = mid - maxs[c] * scale;
            double y1 = mid - mins[c] * scale;
            g.strokeLine(x + c + 0.5, y0, x + c + 0.5, Math.max(y1, y0 + 1));
        }
    }

    /** The log-mel spectrogram of {@code range} (low bands at the bottom) in {@code columns} pixel columns from {@code x}, stretched to {@code top..top+height}. */
    public void spectrogram(GraphicsContext g, AudioDisplay d, TimeRange range, double x, double top, int columns,
            double height, boolean dark) {
        Made key = new Made(d, range.from(), range.to(), columns, dark);
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
