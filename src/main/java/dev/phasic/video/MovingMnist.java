package dev.phasic.video;

import dev.phasic.data.ImageDataset;
import dev.phasic.UserError;
import java.util.SplittableRandom;

/**
 * Moving MNIST (Srivastava et al. 2015): digits bouncing inside a square canvas. Each
 * digit starts at a uniform position with a uniform direction and moves
 * {@link #STEP} of the free range per frame; on reaching a wall its velocity component
 * flips. Digits are combined by the pixelwise maximum. Everything is a function of the
 * seed, so a (seed, index) pair names one sequence forever.
 */
public final class MovingMnist {
    /** Distance per frame as a fraction of the free range (the original generator's step_length). */
    public static final double STEP = 0.1;

    private final ImageDataset digits;
    private final int frames;
    private final int size;
    private final int perSequence;

    /** {@code digits}: one-channel images no larger than the canvas; {@code size}: canvas side. */
    public MovingMnist(ImageDataset digits, int frames, int size, int perSequence) {
        if (digits.channels() != 1) throw new UserError("Moving MNIST needs one-channel digits, found " + digits.channels() + " channels in " + digits.name());
        if (digits.height() > size || digits.width() > size) {
            throw new UserError("digits of " + digits.height() + "×" + digits.width() + " do not fit a " + size + "×" + size + " frame");
        }
        this.digits = digits;
        this.frames = frames;
        this.size = size;
        this.perSequence = perSequence;
    }

    public int frames() {
        return frames;
    }

    public int size() {
        return size;
    }

    /**
     * Top-left corners of one digit over {@code frames} frames, each in [0, limit]:
     * {@code [t][0]} row, {@code [t][1]} column.
     */
    public static int[][] trajectory(SplittableRandom rng, int frames, int limit) {
        double y = rng.nextDouble(), x = rng.nextDouble();
        double theta = rng.nextDouble() * 2 * Math.PI;
        double vy = Math.sin(theta), vx = Math.cos(theta);
        int[][] out = new int[frames][2];
        for (int t = 0; t < frames; t++) {
            out[t][0] = (int) Math.round(y * limit);
            out[t][1] = (int) Math.round(x * limit);
            y += vy * STEP;
            x += vx * STEP;
            if (x <= 0) { x = 0; vx = -vx; }
            if (x >= 1) { x = 1; vx = -vx; }
            if (y <= 0) { y = 0; vy = -vy; }
            if (y >= 1) { y = 1; vy = -vy; }
        }
        return out;
    }

    /** Sequences {@code first … first+count−1} of the stream named by {@code seed}: (count, T, size, size) bytes. */
    public byte[] sequences(long seed, long first, int count) {
        int frame = size * size;
        byte[] out = new byte[count * frames * frame];
        for (int n = 0; n < count; n++) write(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + first + n), out, n * frames * frame);
        return out;
    }

    private void write(SplittableRandom rng, byte[] out, int base) {
        int h = digits.height(), w = digits.width(), frame = size * size;
        for (int d = 0; d < perSequence; d++) {
            int index = rng.nextInt(digits.count());
            int[][] path = trajectory(rng, frames, size - Math.max(h, w));
            int src = index * h * w;
            for (int t = 0; t < frames; t++) {
                int top = path[t][0], left = path[t][1], dst = base + t * frame;
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        int v = digits.pixels()[src + r * w + c] & 0xff;
                        int at = dst + (top + r) * size + left + c;
                        if (v > (out[at] & 0xff)) out[at] = (byte) v;
                    }
                }
            }
        }
    }

    /** {@code count} sequences as a dataset with one channel per frame (labels unused, 0). */
    public ImageDataset dataset(String name, long seed, int count) {
        return new ImageDataset(name, sequences(seed, 0, count), new byte[count], count, frames, size, size,
                "moving-mnist seed " + seed + " from " + digits.provenance());
    }
}
