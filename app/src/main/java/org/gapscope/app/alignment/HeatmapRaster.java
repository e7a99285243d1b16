package org.gapscope.app.alignment;

import java.nio.IntBuffer;

import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The heatmap's matrix as one image with one pixel per cell, backed by a pixel buffer that a new layer
 * rewrites in place (no new image while the shape stays), so scrubbing through layers costs a raster
 * fill and one upload.
 */
final class HeatmapRaster {

    private int[] pixels = new int[0];
    private PixelBuffer<IntBuffer> buffer;
    private WritableImage image;
    private int speechCount = -1;
    private int textCount = -1;

    /** The image of {@code picture} coloured through {@code lut} (256 ARGB entries); null for none. */
    WritableImage paint(HeatmapPicture picture, int[] lut) {
        if (picture == null) {
            image = null;
            speechCount = -1;
            return null;
        }
        if (image == null || picture.speechCount() != speechCount || picture.textCount() != textCount) {
            speechCount = picture.speechCount();
            textCount = picture.textCount();
            pixels = new int[speechCount * textCount];
            buffer = new PixelBuffer<>(speechCount, textCount, IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
        }
        MatrixRaster.fill(picture.values(), speechCount, textCount, picture.lo(), picture.hi(), lut, pixels);
        buffer.updateBuffer(b -> null);
        return image;
    }

    /** The image last painted (null: none). */
    WritableImage image() {
        return image;
    }
}
