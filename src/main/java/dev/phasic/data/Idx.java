package dev.phasic.data;

import dev.phasic.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST (big-endian magic, dimensions, unsigned bytes), raw or
 * gzip-compressed (detected by the gzip magic, not the file name).
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 2051;
    public static final int LABELS_MAGIC = 2049;

    private Idx() {}

    /** An IDX array of unsigned bytes: dimensions and flat data. */
    public record Array(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /** Reads a whole IDX file; {@code name} is used in error messages. */
    public static Array read(InputStream in, String name, int expectedMagic) throws IOException {
        byte[] raw = in.readAllBytes();
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = gz.readAllBytes();
            } catch (EOFException | ZipException e) {
                throw new UserError("corrupt or truncated gzip data in " + name + ": " + e.getMessage());
            }
        }
        if (raw.length < 8) throw new UserError("IDX file too short (" + raw.length + " bytes) in " + name);
        ByteBuffer buf = ByteBuffer.wrap(raw);
        int magic = buf.getInt();
        if (magic != expectedMagic) {
            throw new UserError("IDX magic must be " + expectedMagic + ", found " + magic + " in " + name);
        }
        int ndims = magic & 0xff;
        if (raw.length < 4 + 4L * ndims) throw new UserError("IDX header truncated in " + name);
        int[] dims = new int[ndims];
        long size = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 0) throw new UserError("IDX dimension " + i + " is negative (" + dims[i] + ") in " + name);
            size *= dims[i];
        }
        long have = raw.length - buf.position();
        if (have != size) {
            throw new UserError("IDX data of " + name + " should hold " + size + " bytes for dimensions "
                    + Arrays.toString(dims) + ", found " + have + (have < size ? " (truncated)" : ""));
        }
        byte[] data = new byte[(int) size];
        buf.get(data);
        return new Array(dims, data);
    }

    /** Encodes an array as IDX (magic 0x0000_08_nd), optionally gzip-compressed. */
    public static byte[] write(int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buf.putInt(0x0800 | dims.length);
        for (int d : dims) buf.putInt(d);
        buf.put(data);
        if (!gzip) return buf.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(buf.array());
        }
        return out.toByteArray();
    }
}
