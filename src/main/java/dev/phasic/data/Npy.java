package dev.phasic.data;

import dev.phasic.UserError;
import dev.phasic.io.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format (versions 1–3) for unsigned-byte arrays, as the
 * standard Moving MNIST file {@code mnist_test_seq.npy} (uint8, 20×N×64×64) is
 * distributed: magic {@code \x93NUMPY}, version, little-endian header length, a
 * Python-literal header dict, then the C-ordered data.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** A C-ordered uint8 array and the SHA-256 of its file. */
    public record Array(long[] shape, byte[] data, String sha256) {}

    public static Array read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("file not found: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        if (all.length < 10 || !Arrays.equals(Arrays.copyOf(all, 6), MAGIC)) {
            throw new UserError(name + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = all[6];
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (all.length < 12) throw new UserError(name + " is truncated inside its header");
            headerLength = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new UserError(name + " has .npy version " + major + ", expected 1, 2 or 3");
        }
        if (start + headerLength > all.length) throw new UserError(name + " is truncated inside its header");
        String header = new String(all, start, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name, "descr");
        if (!descr.equals("|u1") && !descr.equals("u1") && !descr.equals("<u1") && !descr.equals("|b1")) {
            throw new UserError(name + " holds dtype '" + descr + "', expected unsigned bytes '|u1'");
        }
        if (find(ORDER, header, name, "fortran_order").equals("True")) {
            throw new UserError(name + " is in Fortran order; save it C-ordered");
        }
        long[] shape = parseShape(find(SHAPE, header, name, "shape"), name);
        long count = 1;
        for (long d : shape) count *= d;
        long dataStart = start + headerLength;
        if (all.length - dataStart != count) {
            throw new UserError(name + " should hold " + count + " bytes of data for shape "
                    + Arrays.toString(shape) + ", found " + (all.length - dataStart));
        }
        return new Array(shape, Arrays.copyOfRange(all, (int) dataStart, all.length), Sha256.hex(all));
    }

    private static String find(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new UserError(name + " has no '" + key + "' in its .npy header: " + header.strip());
        return m.group(1).strip();
    }

    private static long[] parseShape(String text, String name) {
        String[] parts = text.split(",");
        List<Long> dims = new ArrayList<>();
        for (String p : parts) {
            if (p.isBlank()) continue;
            try {
                long d = Long.parseLong(p.strip().replace("L", ""));
                if (d < 0) throw new NumberFormatException();
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new UserError(name + " has a malformed shape (" + text + ") in its .npy header");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Writes a C-ordered uint8 array as .npy version 1.0 (header padded to 64 bytes, as NumPy does). */
    public static void write(Path file, long[] shape, byte[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        String s = shape.length == 1 ? dims.toString().strip() : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + s + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out.array());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The Moving MNIST layout (T, N, H, W) as a dataset of N sequences with one channel
     * per frame, (N, T, H, W).
     */
    public static ImageDataset sequences(Path file) {
        Array a = read(file);
        String name = file.getFileName().toString();
        if (a.shape().length != 4) {
            throw new UserError(name + " must have shape (frames, sequences, height, width), found " + Arrays.toString(a.shape()));
        }
        int t = (int) a.shape()[0], n = (int) a.shape()[1], h = (int) a.shape()[2], w = (int) a.shape()[3];
        if (t < 2 || n < 1 || h != w) throw new UserError(name + " must hold ≥ 2 square frames per sequence, found shape " + Arrays.toString(a.shape()));
        byte[] out = new byte[a.data().length];
        int frame = h * w;
        for (int f = 0; f < t; f++) {
            for (int s = 0; s < n; s++) System.arraycopy(a.data(), (f * n + s) * frame, out, (s * t + f) * frame, frame);
        }
        return new ImageDataset(name, out, new byte[n], n, t, h, w, name + " sha256:" + a.sha256());
    }
}
