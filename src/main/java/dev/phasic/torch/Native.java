package dev.phasic.torch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads libtorch with MKL as its BLAS (docs/DESIGN.md §5). MKL must be selected through the
 * system property below before any libtorch class loads; {@link #init()} does it
 * when the launcher has not.
 */
public final class Native {
    public static final String BLAS_PROPERTY = "org.bytedeco.openblas.load";
    private static boolean loaded;

    private Native() {}

    /** The JavaCPP property that picks a platform's variant of the natives ("-gpu": libtorch's CUDA build). */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    public static synchronized void init() {
        if (loaded) return;
        if (System.getProperty(BLAS_PROPERTY) == null) System.setProperty(BLAS_PROPERTY, "mkl_rt");
        if (build().equals("cuda") && System.getProperty(EXTENSION_PROPERTY) == null) System.setProperty(EXTENSION_PROPERTY, "-gpu");
        loadOneProcessAtATime();
        // NNPACK cannot initialise on many CPUs (it then logs a warning on every convolution
        // check); libtorch's own kernels (oneDNN, im2col + MKL GEMM) serve every convolution.
        torch.globalContext().setUserEnabledNNPACK(false);
        // libtorch starts with one intra-op thread on some machines; use the cores this
        // process may run on (the JVM's count honours CPU affinity and cgroup quotas).
        torch.set_num_threads(Runtime.getRuntime().availableProcessors());
        loaded = true;
    }

    /**
     * Loads libtorch while holding a lock file in JavaCPP's cache folder, so that processes
     * started together load one after the other. JavaCPP unpacks its native libraries into
     * that shared folder on first use; two processes that start at once on an empty cache
     * (the runs of a sweep, the workers of {@code --nproc}, seeds started together from a
     * script) could map a library the other was still writing and die of SIGBUS in the
     * dynamic loader (two of three tries on this project's machine; JavaCPP issue 608).
     * Where no lock can be taken (a read-only cache, a file system without locks), it
     * loads without one, as before.
     */
    private static void loadOneProcessAtATime() {
        FileChannel channel = null;
        FileLock lock = null;
        try {
            Path file = Loader.getCacheDir().toPath().resolve(".phasic-load.lock");
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
        } catch (IOException | RuntimeException e) {
            // no lock to be had: load as before
        }
        try {
            Loader.load(torch.class);
        } finally {
            try {
                if (lock != null) lock.release();
                if (channel != null) channel.close();
            } catch (IOException e) {
                // the lock goes with the channel or the process
            }
        }
    }

    /** The first line of an error's message: libtorch's errors carry their native trace after it. */
    public static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
    }

    /**
     * Which libtorch this build carries: {@code cuda} when the CUDA natives are on the class
     * path ({@code mvn -Pcuda}; they are then the ones loaded), else {@code cpu}.
     */
    public static String build() {
        String gpu = "org/bytedeco/pytorch/" + Loader.getPlatform() + "-gpu/" + System.mapLibraryName("jnitorch");
        return Native.class.getClassLoader().getResource(gpu) != null ? "cuda" : "cpu";
    }

    /** The BLAS that libtorch's matrix products call, as loaded in this process. */
    public static String blas() {
        init();
        Map<String, String> libs = Loader.getLoadedLibraries();
        boolean mkl = libs.keySet().stream().anyMatch(k -> k.startsWith("mkl_rt"));
        return mkl ? "Intel MKL (mkl_rt, via " + BLAS_PROPERTY + "=" + System.getProperty(BLAS_PROPERTY) + ")"
                   : "OpenBLAS (set -D" + BLAS_PROPERTY + "=mkl_rt for MKL)";
    }

    /** libtorch's version string, e.g. {@code 2.10.0}. */
    public static String torchVersion() {
        init();
        String config = torch.show_config().getString();
        int at = config.indexOf("TORCH_VERSION=");
        if (at < 0) return "unknown";
        int end = config.indexOf(',', at);
        return config.substring(at + "TORCH_VERSION=".length(), end < 0 ? config.length() : end).trim();
    }

    public static String javacppVersion() {
        try {
            String v = Loader.getVersion();
            return v == null ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
