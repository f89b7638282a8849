import org.bytedeco.pytorch.Tensor;
import org.bytedeco.javacpp.PointerScope;
import static org.bytedeco.pytorch.global.torch.*;
import java.nio.file.*;

/**
 * m×k by k×n float32 products in libtorch (Phasic's MKL), each operand stored plain (N) or as a
 * transposed view (T): best of 7 after 2 warm-ups, in GFLOP/s (docs/METHODS.md, "The last lever, the BLAS").
 * Run, after mvn -q -DskipTests package:
 *   java -Dorg.bytedeco.openblas.load=mkl_rt -cp target/phasic.jar tools/GemmT.java tools/gemm-shapes.txt THREADS
 * tools/gemmt.py times the same in Debian's PyTorch (OpenBLAS). A shapes file has one "m k n" per line.
 */
public class GemmT {
    public static void main(String[] a) throws Exception {
        set_num_threads(Integer.parseInt(a[1]));
        System.out.println("    m     k     n    NN     NT     TN     TT   (GFLOP/s)");
        for (String line : Files.readAllLines(Path.of(a[0]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) continue;
            long m = Long.parseLong(f[0]), k = Long.parseLong(f[1]), n = Long.parseLong(f[2]);
            StringBuilder out = new StringBuilder(String.format("%5d %5d %5d", m, k, n));
            for (int v = 0; v < 4; v++) {
                double best = Double.MAX_VALUE;
                try (PointerScope s = new PointerScope()) {
                    Tensor x = (v & 2) == 0 ? randn(m, k) : randn(k, m).t();
                    Tensor y = (v & 1) == 0 ? randn(k, n) : randn(n, k).t();
                    for (int i = 0; i < 9; i++) {
                        long t0 = System.nanoTime();
                        mm(x, y).sum().item_double();
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (i >= 2) best = Math.min(best, ms);
                    }
                }
                out.append(String.format(" %6.1f", 2.0 * m * k * n / best / 1e6));
            }
            System.out.println(out);
        }
    }
}
