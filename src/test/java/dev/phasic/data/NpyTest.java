package dev.phasic.data;

import dev.phasic.UserError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir Path dir;

    /** (T, N, H, W) with value (7·t + n) mod 256 everywhere in frame t of sequence n. */
    static byte[] labelled(int t, int n, int h, int w) {
        byte[] out = new byte[t * n * h * w];
        for (int f = 0; f < t; f++) {
            for (int s = 0; s < n; s++) Arrays.fill(out, (f * n + s) * h * w, (f * n + s + 1) * h * w, (byte) (7 * f + s));
        }
        return out;
    }

    @Test
    void roundTripAndSequenceLayout() throws Exception {
        Path file = dir.resolve("seq.npy");
        byte[] data = labelled(20, 3, 8, 8);
        Npy.write(file, new long[] {20, 3, 8, 8}, data);
        byte[] raw = Files.readAllBytes(file);
        assertEquals(0, (raw.length - data.length) % 64, "header padded to 64 bytes as NumPy writes it");
        Npy.Array a = Npy.read(file);
        assertArrayEquals(new long[] {20, 3, 8, 8}, a.shape());
        assertArrayEquals(data, a.data());

        ImageDataset seqs = Npy.sequences(file);
        assertEquals(3, seqs.count());
        assertEquals(20, seqs.channels());
        for (int s = 0; s < 3; s++) {
            for (int f = 0; f < 20; f++) assertEquals((byte) (7 * f + s), seqs.pixels()[(s * 20 + f) * 64 + 5], "sequence " + s + " frame " + f);
        }
    }

    @Test
    void readsVersion2HeadersAndOneDimensionalShapes() throws Exception {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }\n";
        byte[] header = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + header.length + 5).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length).put(header).put(new byte[] {1, 2, 3, 4, 5});
        Path file = dir.resolve("v2.npy");
        Files.write(file, b.array());
        Npy.Array a = Npy.read(file);
        assertArrayEquals(new long[] {5}, a.shape());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, a.data());
    }

    @Test
    void malformedFilesNameTheFileAndTheProblem() throws Exception {
        Path good = dir.resolve("good.npy");
        Npy.write(good, new long[] {4, 2, 8, 8}, new byte[4 * 2 * 64]);
        byte[] raw = Files.readAllBytes(good);
        String header = new String(raw, 10, raw.length - 10 - 512, StandardCharsets.ISO_8859_1);

        expect(write("truncated.npy", Arrays.copyOf(raw, raw.length - 100)), "truncated.npy", "should hold 512 bytes");
        expect(write("magic.npy", "PK\003\004 not numpy at all".getBytes(StandardCharsets.ISO_8859_1)), "magic.npy", "not a .npy");
        expect(write("short.npy", Arrays.copyOf(raw, 40)), "short.npy", "truncated inside its header");
        expect(write("float.npy", replace(raw, header, header.replace("|u1", "<f4"))), "float.npy", "'<f4'");
        expect(write("fortran.npy", replace(raw, header, header.replace("False", "True "))), "fortran.npy", "Fortran");
        expect(write("shape.npy", replace(raw, header, header.replace("(4, 2, 8, 8)", "(4, x, 8, 8)"))), "shape.npy", "malformed shape");
        expect(write("version.npy", replaceByte(raw, 6, (byte) 9)), "version.npy", "version 9");
        Path threeD = dir.resolve("3d.npy");
        Npy.write(threeD, new long[] {4, 8, 8}, new byte[4 * 64]);
        UserError e = assertThrows(UserError.class, () -> Npy.sequences(threeD));
        assertTrue(e.getMessage().contains("3d.npy") && e.getMessage().contains("(frames, sequences, height, width)"), e.getMessage());
        UserError missing = assertThrows(UserError.class, () -> Npy.read(dir.resolve("absent.npy")));
        assertTrue(missing.getMessage().contains("absent.npy"), missing.getMessage());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] replace(byte[] raw, String header, String replaced) {
        assertEquals(header.length(), replaced.length(), "same header length");
        byte[] out = raw.clone();
        System.arraycopy(replaced.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, replaced.length());
        return out;
    }

    private static byte[] replaceByte(byte[] raw, int at, byte value) {
        byte[] out = raw.clone();
        out[at] = value;
        return out;
    }

    private static void expect(Path file, String name, String fragment) {
        UserError e = assertThrows(UserError.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(fragment), e.getMessage());
    }
}
