package dev.phasic.training;

import dev.phasic.EnvironmentFault;
import dev.phasic.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive hold of one process on a run directory: an OS lock on {@code lock}
 * (which also records the holder's pid for people). The operating system drops the
 * lock when its process ends, however it ends, so a dead holder never blocks a run.
 * Held until the process exits; taking it again in the same process is a no-op.
 */
final class RunLock {
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private RunLock() {}

    static synchronized void acquire(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        if (HELD.containsKey(key)) return;
        Path file = key.resolve("lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw AtomicFile.fault("cannot lock the run directory " + dir, file, e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            ch.close();
            throw new EnvironmentFault("run directory " + dir + " is in use by another process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; wait for it to finish or stop it");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        HELD.put(key, lock);
    }

    /** Releases every hold of this process (at the end of a command; exiting does it too). */
    static synchronized void releaseAll() {
        for (FileLock lock : HELD.values()) {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException ignored) {
                // the channel is gone with its lock
            }
        }
        HELD.clear();
    }
}
