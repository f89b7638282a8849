package dev.phasic.video;

import dev.phasic.report.Gif;
import dev.phasic.report.ImageGrid;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures of predicted sequences. A strip (PNG) has one row for the truth (context
 * then true future) and one per sampled future (context then prediction); the GIF
 * plays the same rows side by side, one panel per row, a frame per time step. A red
 * bar marks the first predicted frame. Frames are flat {@code (T, S, S)} in [-1, 1].
 */
public final class VideoStrips {
    private static final int SCALE = 2;

    private VideoStrips() {}

    /** {@code context}: (C, S, S); {@code truth}: (P, S, S); {@code samples[j]}: (P, S, S). */
    public record Sequence(float[] context, float[] truth, List<float[]> samples, int size) {
        int contextFrames() {
            return context.length / (size * size);
        }

        int futureFrames() {
            return truth.length / (size * size);
        }

        /** Row r (0 = truth, j+1 = sample j): context then that future, (C+P, S, S). */
        float[] row(int r) {
            float[] future = r == 0 ? truth : samples.get(r - 1);
            float[] out = new float[context.length + future.length];
            System.arraycopy(context, 0, out, 0, context.length);
            System.arraycopy(future, 0, out, context.length, future.length);
            return out;
        }
    }

    public static void writeStrip(Path png, Sequence s) throws IOException {
        int frames = s.contextFrames() + s.futureFrames(), rows = 1 + s.samples().size();
        float[] all = new float[rows * frames * s.size() * s.size()];
        for (int r = 0; r < rows; r++) System.arraycopy(s.row(r), 0, all, r * frames * s.size() * s.size(), frames * s.size() * s.size());
        BufferedImage grid = ImageGrid.render(all, rows * frames, 1, s.size(), s.size(), frames);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.RED);
        int x = 1 + s.contextFrames() * (s.size() + 1) - 1;
        g.fillRect(x, 0, 1, grid.getHeight());
        g.dispose();
        ImageGrid.writeImage(png, grid);
    }

    public static void writeGif(Path gif, Sequence s, int delayMs) throws IOException {
        int frames = s.contextFrames() + s.futureFrames(), rows = 1 + s.samples().size(), px = s.size() * s.size();
        List<float[]> panels = new ArrayList<>();
        for (int r = 0; r < rows; r++) panels.add(s.row(r));
        List<BufferedImage> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            float[] tile = new float[rows * px];
            for (int r = 0; r < rows; r++) System.arraycopy(panels.get(r), t * px, tile, r * px, px);
            BufferedImage small = ImageGrid.render(tile, rows, 1, s.size(), s.size(), rows);
            BufferedImage big = new BufferedImage(small.getWidth() * SCALE, small.getHeight() * SCALE + 4 * SCALE, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = big.createGraphics();
            g.drawImage(small, 0, 0, small.getWidth() * SCALE, small.getHeight() * SCALE, null);
            g.setColor(t < s.contextFrames() ? Color.GRAY : Color.RED); // grey: context, red: predicting
            g.fillRect(0, small.getHeight() * SCALE, big.getWidth() * (t + 1) / frames, 4 * SCALE);
            g.dispose();
            out.add(big);
        }
        Gif.write(gif, out, delayMs);
    }
}
