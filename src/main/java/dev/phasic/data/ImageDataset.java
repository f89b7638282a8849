package dev.phasic.data;

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
        byte[] px = java.util.Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, px, pixels.length, other.pixels.length);
        byte[] lb = java.util.Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, lb, labels.length, other.labels.length);
        return new ImageDataset(name + "+" + other.name, px, lb, count + other.count, channels, height, width,
                provenance + "; " + other.provenance);
    }

    public ImageDataset head(int n) {
        int m = Math.min(n, count);
        return new ImageDataset(name, java.util.Arrays.copyOf(pixels, m * imageSize()),
                java.util.Arrays.copyOf(labels, m), m, channels, height, width, provenance);
    }
}
