package dev.phasic.video;

import dev.phasic.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.TestSupport;
import dev.phasic.data.Mnist;
import dev.phasic.data.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoCliTest {
    @TempDir Path dir;

    @Test
    void movingMnistTrainsPredictsAndEvaluates() throws Exception {
        Path run = dir.resolve("video");
        assertEquals(0, Main.run("train", "--recipe", "moving-mnist", "--width", "0.125", "--image-size", "32",
                "--context", "3", "--predict", "2", "--batch-size", "4", "--steps", "3", "--log-every", "1",
                "--out", run.toString()));
        JsonNode last = new ObjectMapper().readTree(Files.readAllLines(run.resolve("metrics.jsonl")).get(2));
        for (String key : new String[] {"critic.x.distance", "critic.z.distance", "network.x.feature", "critic.x.gp"}) {
            assertTrue(last.has(key) && Double.isFinite(last.get(key).asDouble()), key + " in " + last);
        }
        // strip: truth + 3 samples, 5 frames of 32 px with 1 px gaps
        assertPng(run.resolve("predictions/step-00000003.png"), 5 * 33 + 1, 4 * 33 + 1);
        assertPng(run.resolve("samples/step-00000003.png"), 2 * 33 + 1, 6 * 33 + 1);

        assertEquals(0, Main.run("predict", run.toString(), "--n", "2", "--samples", "2"));
        assertPng(run.resolve("predict/sequence-001.png"), 5 * 33 + 1, 3 * 33 + 1);
        try (ImageInputStream in = ImageIO.createImageInputStream(run.resolve("predict/sequence-000.gif").toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true), "a GIF frame per time step");
            BufferedImage first = reader.read(0);
            assertEquals(2 * (3 * 33 + 1), first.getWidth(), "three panels (truth, two samples), doubled");
        }

        assertEquals(0, Main.run("evaluate", run.toString(), "--n", "12", "--samples", "2"));
        JsonNode m = new ObjectMapper().readTree(run.resolve("eval/metrics.json").toFile());
        double perPixel = m.get("prediction_mse_per_pixel_best").asDouble();
        assertEquals(perPixel * 32 * 32, m.get("prediction_mse_per_frame_best").asDouble(), 1e-3 * perPixel * 1024 + 1e-6);
        assertTrue(perPixel <= m.get("prediction_mse_per_pixel_mean").asDouble() + 1e-9, "best of k is no worse than the mean");
        assertTrue(m.get("prediction_ssim_best").asDouble() >= m.get("prediction_ssim_mean").asDouble() - 1e-9);
        assertTrue(m.get("prediction_psnr_last_frame").asDouble() > 5, "the baseline is measured");
        assertEquals(24, m.get("berkes_samples").asInt(), "12 sequences × 2 predicted frames");
        for (String key : new String[] {"prediction_ssim_best_per_frame", "prediction_ssim_blank_per_frame",
                "prediction_mse_per_frame_best_per_frame", "prediction_mse_per_frame_mean_per_frame", "prediction_background_mean_per_frame"}) {
            assertEquals(2, m.get(key).size(), key + ": one value per predicted frame");
        }
        double perFrameMean = (m.get("prediction_ssim_best_per_frame").get(0).asDouble() + m.get("prediction_ssim_best_per_frame").get(1).asDouble()) / 2;
        assertEquals(m.get("prediction_ssim_best").asDouble(), perFrameMean, 1e-5, "the curve averages to the summary");
        // the transform decoder's composition, three steps from its start: the mask on the moved frame, kernels at logit +2 in the middle
        for (String key : new String[] {"prediction_head_moved_weight_per_frame", "prediction_head_moved_weight_on_digits_per_frame",
                "prediction_head_kernel_peak_per_frame"}) {
            assertEquals(2, m.get(key).size(), key + ": one value per predicted frame");
        }
        assertTrue(m.get("prediction_head_moved_weight").asDouble() > 0.9 && m.get("prediction_head_moved_weight").asDouble() <= 1, m.toString());
        double onDigits = m.get("prediction_head_moved_weight_on_digits").asDouble();
        assertTrue(onDigits > 0.9 && onDigits <= 1, "on the digits too, at the start: " + onDigits);
        double peak = m.get("prediction_head_kernel_peak").asDouble();
        assertEquals(Math.exp(2) / (Math.exp(2) + 8), peak, 0.05, "kernels near their initial peak");
        double background = m.get("prediction_background_mean").asDouble();
        assertTrue(background >= 0 && background <= 1, "background mean on the [0, 1] scale: " + background);
        assertTrue(Files.isRegularFile(run.resolve("eval/prediction-per-frame.png")));
        assertTrue(Files.readString(run.resolve("report.html")).contains("prediction_ssim_best"));
    }

    @Test
    void trainsOnAStandardLayoutNpyFile() throws Exception {
        // 12 generated sequences written as Moving MNIST distributes them: (frames, sequences, H, W)
        MovingMnist gen = new MovingMnist(Mnist.embedded().test().head(20), 6, 32, 2);
        byte[] seqs = gen.sequences(1, 0, 12);
        byte[] tnhw = new byte[seqs.length];
        for (int n = 0; n < 12; n++) {
            for (int t = 0; t < 6; t++) System.arraycopy(seqs, (n * 6 + t) * 1024, tnhw, (t * 12 + n) * 1024, 1024);
        }
        Path npy = dir.resolve("seq.npy");
        Npy.write(npy, new long[] {6, 12, 32, 32}, tnhw);
        Path run = dir.resolve("npy-run");
        assertEquals(0, Main.run("train", "--recipe", "moving-mnist", "--data", npy.toString(), "--width", "0.125",
                "--context", "3", "--predict", "3", "--batch-size", "4", "--steps", "2", "--out", run.toString()));
        JsonNode state = new ObjectMapper().readTree(run.resolve("checkpoints/step-00000002/state.json").toFile());
        assertTrue(state.get("data").asText().contains("seq.npy sha256:"), state.get("data").asText());
        assertEquals(0, Main.run("predict", run.toString(), "--n", "1", "--samples", "1"));
        assertPng(run.resolve("predict/sequence-000.png"), 6 * 33 + 1, 2 * 33 + 1);
    }

    /**
     * A short seeded run on small frames predicts its first frame better than an empty frame
     * on both error and SSIM: SSIM punishes any haze on the background (a uniform 0.02 on the
     * [0, 1] scale takes an all-background window from 1 to about 0.2), which the old decoder's
     * out-of-range pixels left everywhere.
     */
    @Test
    void aShortRunBeatsTheEmptyFrameOnTheFirstPrediction() throws Exception {
        Path run = dir.resolve("short");
        assertEquals(0, Main.run("train", "--recipe", "moving-mnist", "--width", "0.25", "--image-size", "32",
                "--context", "4", "--predict", "3", "--batch-size", "8", "--steps", "60", "--seed", "3", "--threads", "1",
                "--out", run.toString()));
        assertEquals(0, Main.run("evaluate", run.toString(), "--n", "50", "--samples", "2"));
        JsonNode m = new ObjectMapper().readTree(run.resolve("eval/metrics.json").toFile());
        double mse = m.get("prediction_mse_per_frame_best_per_frame").get(0).asDouble();
        double blankMse = m.get("prediction_mse_per_frame_blank_per_frame").get(0).asDouble();
        double ssim = m.get("prediction_ssim_best_per_frame").get(0).asDouble();
        double blankSsim = m.get("prediction_ssim_blank_per_frame").get(0).asDouble();
        assertTrue(mse < blankMse, "first-frame MSE " + mse + " against the empty frame's " + blankMse);
        assertTrue(ssim > blankSsim, "first-frame SSIM " + ssim + " against the empty frame's " + blankSsim);
    }

    /** The standard protocol: training sequences generated from the digits, the whole file the test set. */
    @Test
    void testDataTakesTheWholeFileAsTheTestSet() throws Exception {
        Path npy = dir.resolve("test-seq.npy");
        byte[] tnhw = new byte[6 * 7 * 1024];
        for (int i = 0; i < tnhw.length; i += 37) tnhw[i] = (byte) 200;
        Npy.write(npy, new long[] {6, 7, 32, 32}, tnhw);
        Path run = dir.resolve("standard");
        assertEquals(0, Main.run("train", "--recipe", "moving-mnist", "--test-data", npy.toString(), "--width", "0.125",
                "--image-size", "32", "--context", "3", "--predict", "3", "--batch-size", "4", "--steps", "2", "--out", run.toString()));
        assertEquals(0, Main.run("evaluate", run.toString(), "--n", "100", "--samples", "1"));
        JsonNode m = new ObjectMapper().readTree(run.resolve("eval/metrics.json").toFile());
        assertEquals(7, m.get("prediction_sequences").asInt(), "all seven sequences of the file, none held for training");
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--test-data", npy.toString(),
                "--context", "3", "--predict", "3").contains("32×32 frames; --image-size is 64"));
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--test-data", npy.toString(),
                "--data", npy.toString(), "--image-size", "32").contains("--data must then name the digits"));
        assertTrue(TestSupport.userError("train", "--test-data", npy.toString()).contains("belongs to moving-mnist"));
    }

    @Test
    void badVideoInputGivesOneLineAndExitCode2() throws Exception {
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "definitely not numpy");
        Path small = dir.resolve("short.npy");
        Npy.write(small, new long[] {6, 4, 32, 32}, new byte[6 * 4 * 1024]);
        String[][] cases = {
                {"train", "--recipe", "moving-mnist", "--data", bad.toString()},
                {"train", "--recipe", "moving-mnist", "--data", small.toString()},
                {"train", "--recipe", "moving-mnist", "--context", "0"},
                {"train", "--recipe", "moving-mnist", "--objective", "wake-sleep"},
                {"train", "--recipe", "moving-mnist", "--decoder", "draw", "--transforms", "2"},
                {"train", "--recipe", "moving-mnist", "--transforms", "9"},
                {"train", "--recipe", "moving-mnist", "--pixel-output", "round"},
                {"predict", dir.toString()},
        };
        for (String[] args : cases) {
            String text = TestSupport.userError(args);
            if (args.length > 4 && args[3].equals(bad.toString())) assertTrue(text.contains("bad.npy"), text);
            if (args.length > 4 && args[3].equals(small.toString())) assertTrue(text.contains("6 frames"), text);
            if (List.of(args).contains("--transforms")) assertTrue(text.contains("--transforms"), text);
        }
    }

    private static void assertPng(Path file, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " decodes");
        assertEquals(width, img.getWidth(), file.toString());
        assertEquals(height, img.getHeight(), file.toString());
    }
}
