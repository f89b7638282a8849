package dev.phasic.report;

import dev.phasic.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Tiles images with values in [-1, 1] (flat, {@code (N, C, H, W)} row-major) into one
 * PNG, {@code columns} per row with a one-pixel gap.
 */
public final class ImageGrid {
    private ImageGrid() {}

    public static BufferedImage render(float[] images, int count, int channels, int height, int width, int columns) {
        int rows = (count + columns - 1) / columns;
        int gap = 1;
        BufferedImage out = new BufferedImage(columns * (width + gap) + gap, rows * (height + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        int size = channels * height * width;
        for (int n = 0; n < count; n++) {
            int ox = gap + (n % columns) * (width + gap);
            int oy = gap + (n / columns) * (height + gap);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int r = level(images[n * size + y * width + x]);
                    int g = channels == 3 ? level(images[n * size + height * width + y * width + x]) : r;
                    int b = channels == 3 ? level(images[n * size + 2 * height * width + y * width + x]) : r;
                    out.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return out;
    }

    /** Renders and writes atomically (temporary file, then rename). */
    public static void write(Path file, float[] images, int count, int channels, int height, int width, int columns)
            throws IOException {
        writeImage(file, render(images, count, channels, height, width, columns));
    }

    /** Writes a PNG whole or not at all ({@link AtomicFile}). */
    public static void writeImage(Path file, BufferedImage image) throws IOException {
        AtomicFile.createFolders(file.toAbsolutePath().getParent());
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
        });
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }
}
