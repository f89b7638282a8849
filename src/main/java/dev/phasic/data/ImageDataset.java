package dev.phasic.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Labelled greyscale or colour images as unsigned bytes, {@code (N, C, H, W)} row-major,
 * with a provenance string (file names and SHA-256) for run records.
 */
public record ImageDataset(String name, byte[] pixels, byte[] labels, int count, int channels, int height, int width,
                           String provenance) {
    public ImageDataset {
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes does not hold "
                    + count + " images of " + channels + "×" + height + "×" + width);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
        }
    }

    /** Number of classes: the largest label plus one (at least 2). */
    public int classes() {
        int max = 1;
        for (byte l : labels) max = Math.max(max, l & 0xff);
        return max + 1;
    }

    public int imageSize() {
        return channels * height * width;
    }

    /** Pixels of image i mapped to [-1, 1]. */
    public float[] image(int i) {
        float[] out = new float[imageSize()];
        int base = i * imageSize();
        for (int k = 0; k < out.length; k++) out[k] = PixelLevels.level(pixels[base + k] & 0xff);
        return out;
    }

    /** All pixels mapped to [-1, 1], for one bulk copy to the device. */
    public float[] allImages() {
        float[] out = new float[pixels.length];
        for (int k = 0; k < out.length; k++) out[k] = PixelLevels.level(pixels[k] & 0xff);
        return out;
    }

    /** This dataset followed by {@code other} (same image shape). */
    public ImageDataset concat(ImageDataset other) {
        byte[] px = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, px, pixels.length, other.pixels.length);
        byte[] lb = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, lb, labels.length, other.labels.length);
        return new ImageDataset(name + "+" + other.name, px, lb, count + other.count, channels, height, width,
                provenance + "; " + other.provenance);
    }

    public ImageDataset head(int n) {
        int m = Math.min(n, count);
        return new ImageDataset(name, Arrays.copyOf(pixels, m * imageSize()),
                Arrays.copyOf(labels, m), m, channels, height, width, provenance);
    }

    /** The images whose label {@code keep} accepts, in order, named {@code name}. */
    public ImageDataset select(IntPredicate keep, String name) {
        int size = imageSize(), m = 0;
        for (byte l : labels) if (keep.test(l & 0xff)) m++;
        byte[] px = new byte[m * size], lb = new byte[m];
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (!keep.test(labels[i] & 0xff)) continue;
            System.arraycopy(pixels, i * size, px, j * size, size);
            lb[j++] = labels[i];
        }
        return new ImageDataset(name, px, lb, m, channels, height, width, provenance + " (" + name + ")");
    }

    /** The same images with every intensity reversed (255 − v). */
    public ImageDataset inverted() {
        byte[] px = new byte[pixels.length];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (255 - (pixels[i] & 0xff));
        return new ImageDataset(name + "-inverted", px, labels, count, channels, height, width, provenance + " (inverted)");
    }

    /** {@code n} images of this shape with independent uniform pixels, labelled 0, from {@code seed}. */
    public ImageDataset noise(int n, long seed) {
        byte[] px = new byte[n * imageSize()];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < px.length; i++) px[i] = (byte) rng.nextInt(256);
        return new ImageDataset("uniform-noise", px, new byte[n], n, channels, height, width, "uniform noise, seed " + seed);
    }
}
