package dev.phasic.training;

import dev.phasic.UserError;
import dev.phasic.nn.Module;
import dev.phasic.torch.Group;
import dev.phasic.torch.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;

/**
 * What makes a training step data-parallel: every rank starts from rank 0's weights,
 * takes its slice of each global batch, draws its slice of the global batch's noise
 * ({@link Shard}) and averages gradients before each update, so N processes learn what
 * one would with the whole batch.
 */
public final class DataParallel {
    private final Group group;

    /** Joins {@code session} to {@code group}: checks the configuration splits and copies rank 0's weights everywhere. */
    DataParallel(Session session, Group group) {
        requireSplittable(session.config, group.world);
        List<Tensor> weights = new ArrayList<>();
        for (Module m : session.modules.values()) weights.addAll(m.parameters());
        group.broadcast(weights);
        this.group = group;
    }

    /** Fails in one line unless {@code config} can train as {@code world} equal data-parallel slices. */
    public static void requireSplittable(TrainConfig config, int world) {
        Recipe.of(config.recipe()).batchStatistics(config).ifPresent(option -> {
            throw new UserError("the " + config.recipe() + " recipe's critics read statistics of their whole batch (" + option
                    + "), which each process would compute on its own slice: it trains in one process");
        });
        if (config.optimiser().batchSize() % world != 0) {
            throw new UserError("--batch-size " + config.optimiser().batchSize() + " does not split into " + world + " equal slices");
        }
    }

    /** {@code update} of this rank's rows of the global batch {@code all}, with this rank's slice of its noise. */
    <T> T step(Tensor all, Function<Tensor, T> update) {
        long b = all.size(0) / group.world;
        return Shard.during(group.rank, group.world, () -> update.apply(all.narrow(0, group.rank * b, b)));
    }

    /** Whether {@code mine} holds on any rank (each rank calls it at the same step). */
    boolean any(boolean mine) {
        return group.anyTrue(mine);
    }

    /** Averages the gradients of {@code params} over the group. */
    void average(List<Tensor> params) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) if (p.grad().defined()) grads.add(p.grad());
        group.allreduceMean(grads);
    }
}
