package dev.phasic.data;

import dev.phasic.torch.Ops;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/** Resizing of byte images, so every dataset can be brought to a recipe's image size. */
public final class Images {
    private Images() {}

    /** Square images of side {@code size}: centre-padded with background when smaller, bilinear resampling otherwise. */
    public static ImageDataset toSize(ImageDataset d, int size) {
        if (d.height() == size && d.width() == size) return d;
        ImageDataset src = d;
        if (d.height() < size && d.width() < size && d.height() * 8 >= size * 7) src = pad(d, size); // 28 → 32
        if (src.height() == size && src.width() == size) return src;
        int c = src.channels();
        byte[] out = new byte[src.count() * c * size * size];
        for (int i = 0; i < src.count(); i++) {
            for (int ch = 0; ch < c; ch++) {
                BufferedImage in = new BufferedImage(src.width(), src.height(), BufferedImage.TYPE_BYTE_GRAY);
                byte[] plane = new byte[src.width() * src.height()];
                System.arraycopy(src.pixels(), (i * c + ch) * plane.length, plane, 0, plane.length);
                in.getRaster().setDataElements(0, 0, src.width(), src.height(), plane);
                BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = scaled.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(in, 0, 0, size, size, null);
                g.dispose();
                byte[] res = new byte[size * size];
                scaled.getRaster().getDataElements(0, 0, size, size, res);
                System.arraycopy(res, 0, out, (i * c + ch) * size * size, res.length);
            }
        }
        return new ImageDataset(src.name(), out, src.labels(), src.count(), c, size, size, src.provenance() + " resized to " + size);
    }

    /** Centre-pads with zero bytes (MNIST background) to {@code size}×{@code size}. */
    static ImageDataset pad(ImageDataset d, int size) {
        int c = d.channels(), top = (size - d.height()) / 2, left = (size - d.width()) / 2;
        byte[] out = new byte[d.count() * c * size * size];
        for (int i = 0; i < d.count(); i++)
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < d.height(); y++)
                    System.arraycopy(d.pixels(), ((i * c + ch) * d.height() + y) * d.width(), out,
                            ((i * c + ch) * size + y + top) * size + left, d.width());
        return new ImageDataset(d.name(), out, d.labels(), d.count(), c, size, size, d.provenance() + " padded to " + size);
    }

    /** Images {@code start … start+n-1} of a dataset, in [-1, 1], as one (n, C, H, W) tensor on {@code device}. */
    public static Tensor batch(ImageDataset data, int start, int n, Device device) {
        int size = data.imageSize();
        float[] in = new float[n * size];
        for (int i = 0; i < n; i++) System.arraycopy(data.image(start + i), 0, in, i * size, size);
        return Ops.fromFloats(in, device, n, data.channels(), data.height(), data.width());
    }
}
