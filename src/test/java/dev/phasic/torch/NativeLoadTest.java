package dev.phasic.torch;

import dev.phasic.cli.Main;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes started together load libtorch one after the other: a process waits for the
 * lock file in JavaCPP's cache folder before it unpacks a native library there, so none
 * can map a library another is still writing (without the lock, two or three processes
 * started at once on an empty cache died of SIGBUS in 4 of 18 starts).
 */
class NativeLoadTest {
    @TempDir Path cache;

    @Test
    void aProcessUnpacksNothingWhileAnotherHoldsTheLoadLock() throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-Dorg.bytedeco.openblas.load=mkl_rt",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "info");
        Process info = null;
        try (FileChannel channel = FileChannel.open(cache.resolve(".phasic-load.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            info = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // unpacking starts about a second after a JVM starts; give it eight
            for (int i = 0; i < 80; i++) {
                Thread.sleep(100);
                assertTrue(info.isAlive(), "the process waits for the lock");
                assertEquals(List.of(), unpacked(), "nothing unpacked while the lock is held");
            }
        } catch (AssertionError e) {
            if (info != null) info.destroyForcibly();
            throw e;
        }
        boolean ended = info.waitFor(300, TimeUnit.SECONDS);
        if (!ended) info.destroyForcibly();
        assertTrue(ended, "the process goes on once the lock is free");
        assertEquals(0, info.exitValue());
        assertTrue(unpacked().stream().anyMatch(f -> f.getFileName().toString().startsWith("libjnitorch")),
                "libtorch's bindings unpacked after the lock: " + unpacked());
    }

    /** The native libraries in the cache folder. */
    private List<Path> unpacked() throws Exception {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(f -> f.getFileName().toString().contains(".so")).toList();
        }
    }
}
