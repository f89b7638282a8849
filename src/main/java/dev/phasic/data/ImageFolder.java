package dev.phasic.data;

import dev.phasic.UserError;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of PNG/JPEG images with one subfolder per class (classes sorted by name),
 * read as RGB at {@code size}×{@code size}. With {@code train/} and {@code test/}
 * subfolders those are the splits; otherwise every tenth image of each class (in
 * name order) is held out for testing.
 */
public final class ImageFolder {
    private ImageFolder() {}

    public static boolean looksLike(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }

    public static Mnist.Splits load(Path dir, int size) {
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            List<String> classes = classes(dir.resolve("train"));
            return new Mnist.Splits(read(dir.resolve("train"), classes, size, -1, false),
                    read(dir.resolve("test"), classes, size, -1, false));
        }
        List<String> classes = classes(dir);
        return new Mnist.Splits(read(dir, classes, size, 10, false), read(dir, classes, size, 10, true));
    }

    private static List<String> classes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) throw new UserError("no class subfolders in " + dir);
            if (names.size() > 256) throw new UserError(names.size() + " classes in " + dir + ": at most 256");
            return names;
        } catch (IOException e) {
            throw new UserError("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static ImageDataset read(Path dir, List<String> classes, int size, int every, boolean heldOut) {
        List<byte[]> images = new ArrayList<>();
        List<Byte> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir.resolve(classes.get(c)))) {
                files = s.filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().toList();
            } catch (IOException e) {
                throw new UserError("cannot list " + dir.resolve(classes.get(c)) + ": " + e.getMessage());
            }
            for (int i = 0; i < files.size(); i++) {
                if (every > 0 && (i % every == 0) != heldOut) continue;
                images.add(rgb(files.get(i), size));
                labels.add((byte) c);
            }
        }
        if (images.isEmpty()) throw new UserError("no PNG/JPEG images for the " + (heldOut ? "test" : "train") + " split in " + dir);
        byte[] pixels = new byte[images.size() * 3 * size * size];
        byte[] lb = new byte[images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, pixels, i * 3 * size * size, 3 * size * size);
            lb[i] = labels.get(i);
        }
        return new ImageDataset(dir.getFileName().toString(), pixels, lb, images.size(), 3, size, size,
                dir + " (" + images.size() + " images, " + classes.size() + " classes)");
    }

    private static byte[] rgb(Path file, int size) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UserError("cannot decode image " + file + ": " + e.getMessage());
        }
        if (img == null) throw new UserError("not a readable PNG/JPEG image: " + file);
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size, size, null);
        g.dispose();
        byte[] out = new byte[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                out[y * size + x] = (byte) (rgb >> 16);
                out[size * size + y * size + x] = (byte) (rgb >> 8);
                out[2 * size * size + y * size + x] = (byte) rgb;
            }
        }
        return out;
    }
}
