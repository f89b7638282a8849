package dev.phasic.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex: of data files (provenance) and of checkpoint files (manifests). */
public final class Sha256 {
    private Sha256() {}

    public static String hex(byte[] bytes) {
        MessageDigest d = digest();
        d.update(bytes);
        return HexFormat.of().formatHex(d.digest());
    }

    /** Of a file, read in 64 KiB blocks (a checkpoint's optimiser archive can be large). */
    public static String hex(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);                             // every JVM has SHA-256
        }
    }
}
