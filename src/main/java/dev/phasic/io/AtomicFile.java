package dev.phasic.io;

import dev.phasic.EnvironmentFault;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Files that are either whole or absent: written to {@code name.tmp}, synced to the disk,
 * renamed over the target, and the folder synced so the rename survives a power cut.
 * A failed write (disk full, read-only folder) removes the temporary file and raises an
 * {@link EnvironmentFault} naming the path; the previous file stays as it was.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What writes a file's content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path path, Content content) {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (FileOutputStream file = new FileOutputStream(tmp.toFile());
                 OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
                content.writeTo(out);
                out.flush();
                file.getFD().sync();
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(path.toAbsolutePath().getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the fault that stopped the write may stop the clean-up too; the next open removes it
            }
            throw fault("cannot write " + path, path, e);
        }
    }

    /** Creates a folder and its parents, or fails with one line naming it. */
    public static void createFolders(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw fault("cannot create " + folder, folder, e);
        }
    }

    public static void write(Path path, byte[] bytes) {
        write(path, out -> out.write(bytes));
    }

    /** Syncs a folder's entries (renames, new files) to the disk; a no-op where folders cannot be opened. */
    public static void syncFolder(Path folder) {
        if (folder == null) return;
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open folders; the rename itself is still atomic
        }
    }

    /** An environment fault for an I/O error at {@code path}, saying how much space is left when it is low. */
    public static EnvironmentFault fault(String what, Path path, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof AccessDeniedException) reason = "permission denied";
        if (e instanceof FileSystemException fse && fse.getReason() != null) reason = fse.getReason();
        long free = usableBytes(path);
        boolean full = reason.toLowerCase(Locale.ROOT).contains("space");
        String space = full && free >= 0 ? String.format(" (%.1f MB free on its disk)", free / 1048576.0) : "";
        return new EnvironmentFault(what + ": " + reason + space, e);
    }

    /** Bytes free for this process on the disk that holds {@code path} (or its nearest existing parent); −1 if unknown. */
    public static long usableBytes(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return -1;
        try {
            FileStore store = Files.getFileStore(p);
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Fails with one line when the disk holding {@code path} has less than {@code bytes} free. */
    public static void requireSpace(Path path, long bytes, String what) {
        long free = usableBytes(path);
        if (free >= 0 && free < bytes) {
            throw new EnvironmentFault(String.format("not enough disk space for %s at %s: %.1f MB needed, %.1f MB free",
                    what, path, bytes / 1048576.0, free / 1048576.0));
        }
    }
}
