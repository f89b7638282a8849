import dev.phasic.torch.Adams;
import dev.phasic.torch.FusedAdam;
import dev.phasic.training.Session;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The fused optimiser measured on its own (docs/METHODS.md, "Fused Adam"): one update of a
 * recipe's networks and critics (the three optimisers of a step, each once) by libtorch's
 * {@code torch::optim::Adam} against Phasic's {@code FusedAdam}, on copies of the same
 * parameters with the gradients of one real training step of the recipe's defaults. First
 * the largest difference after three updates, then the two timed, alternated, in one process.
 *
 * <pre>
 *   java -Dorg.bytedeco.openblas.load=mkl_rt -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
 *        -cp target/phasic.jar tools/FusedAdamBench.java [RECIPE [THREADS [ROUNDS]]]
 * </pre>
 */
public class FusedAdamBench {
    public static void main(String[] args) {
        String recipe = args.length > 0 ? args[0] : "mnist-recurrent";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        TrainConfig config = TrainConfig.defaults(recipe).with("threads", threads).with("evalEvery", 0);
        Session session = new Session(config);
        new Trainer(session, null, 0).trainStep(false);                 // every parameter gets a gradient
        double b1 = config.optimiser().adamBeta1(), b2 = config.optimiser().adamBeta2(), wd = config.optimiser().weightDecay();
        List<Adam> plain = new ArrayList<>();
        List<FusedAdam> fused = new ArrayList<>();
        List<List<Tensor>> plainParams = new ArrayList<>(), fusedParams = new ArrayList<>();
        long count = 0, elements = 0;
        for (FusedAdam trained : session.optimizers.byName().values()) {
            List<Tensor> a = new ArrayList<>(), b = new ArrayList<>();
            for (Tensor p : trained.parameters()) {
                Tensor grad = p.grad().detach().clone();
                a.add(withGrad(p, grad));
                b.add(withGrad(p, grad));
                count++;
                elements += p.numel();
            }
            plainParams.add(a);
            fusedParams.add(b);
            plain.add(Adams.create(a, 2e-4, b1, b2, wd));
            fused.add(new FusedAdam(b, 2e-4, b1, b2, wd));
        }
        System.out.printf("%s, %d threads: %d parameter tensors, %d elements, in %d optimisers%n", recipe, torch.get_num_threads(),
                count, elements, plain.size());
        List<List<Tensor>> start = new ArrayList<>();
        for (List<Tensor> a : plainParams) start.add(a.stream().map(t -> t.detach().clone()).toList());
        for (int i = 0; i < 3; i++) {
            plain.forEach(Adam::step);
            fused.forEach(FusedAdam::step);
        }
        double diff = 0, moved = 0;
        for (int g = 0; g < plainParams.size(); g++) {
            for (int i = 0; i < plainParams.get(g).size(); i++) {
                Tensor a = plainParams.get(g).get(i).detach(), b = fusedParams.get(g).get(i).detach();
                diff = Math.max(diff, a.sub(b).abs().max().item_double());
                moved = Math.max(moved, a.sub(start.get(g).get(i)).abs().max().item_double());
            }
        }
        System.out.printf("after 3 updates: largest move %.3g, largest difference fused against libtorch %.3g%n", moved, diff);
        int reps = 200;
        double[] a = new double[rounds], b = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            a[r] = time(reps, () -> plain.forEach(Adam::step));
            b[r] = time(reps, () -> fused.forEach(FusedAdam::step));
        }
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf("ms per update of all %d optimisers, median of %d rounds of %d: torch::optim::Adam %.3f, FusedAdam %.3f%n",
                plain.size(), rounds, reps, a[rounds / 2], b[rounds / 2]);
    }

    /** A copy of {@code p} that requires grad and holds a copy of {@code grad}. */
    private static Tensor withGrad(Tensor p, Tensor grad) {
        Tensor copy = p.detach().clone().requires_grad_(true);
        copy.mutable_grad().put(grad.clone());
        return copy;
    }

    private static double time(int reps, Runnable update) {
        for (int i = 0; i < 20; i++) update.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            try (PointerScope scope = new PointerScope()) {
                update.run();
            }
        }
        return (System.nanoTime() - t0) / 1e6 / reps;
    }
}
