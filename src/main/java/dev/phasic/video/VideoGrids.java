package dev.phasic.video;

import dev.phasic.report.ImageGrid;
import dev.phasic.data.ImageDataset;
import dev.phasic.torch.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;

/**
 * Pictures of the video model: sleep "dreams" (the z → x → z bounce from N(0, I), one
 * row per sequence) and predicted test sequences as strips and GIFs. Call inside a
 * pointer scope, without grad.
 */
public final class VideoGrids {
    private VideoGrids() {}

    /** {@code n} sleep sequences, one row of P frames each. */
    public static void writeSleep(VideoPredictor model, Path png, int n) throws IOException {
        int p = model.shape().predict(), s = model.shape().frameSize();
        float[] frames = Ops.toFloats(model.frameOf(model.sleep(n).get(0))); // (n·P, 1, S, S), sequence-major
        ImageGrid.write(png, frames, n * p, 1, s, s, p);
    }

    /** Test sequence {@code index}: its context, truth and {@code k} sampled futures. */
    public static VideoStrips.Sequence predict(VideoPredictor model, ImageDataset test, int index, int k, Device device) {
        int c = model.shape().context(), p = model.shape().predict(), s = model.shape().frameSize(), px = s * s;
        float[] all = test.image(index);                                            // (T, S, S) in [-1, 1]
        float[] context = Arrays.copyOfRange(all, 0, c * px);
        float[] truth = Arrays.copyOfRange(all, c * px, (c + p) * px);
        Tensor ctx = Ops.fromFloats(context, device, 1, c, s, s).expand(new long[] {k, c, s, s}).contiguous(); // k samples in one batch
        float[] futures = Ops.toFloats(model.rollout(ctx, p));                       // (k, P, S, S)
        List<float[]> samples = new ArrayList<>();
        for (int j = 0; j < k; j++) samples.add(Arrays.copyOfRange(futures, j * p * px, (j + 1) * p * px));
        return new VideoStrips.Sequence(context, truth, samples, s);
    }
}
