package dev.phasic.torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorType;
import org.bytedeco.pytorch.Tuple;
import org.bytedeco.pytorch.Type;
import org.bytedeco.pytorch.global.torch;

/**
 * Adam with L2 weight decay, the update of libtorch's {@code torch::optim::Adam} (decay added
 * to the gradient, ε = 1e-8, no AMSGrad, per-parameter step counts, parameters without a
 * gradient skipped), computed by libtorch's fused kernel {@code aten::_fused_adam_}: one pass
 * over each parameter where {@code Adam::step} runs about seven kernels and makes two or three
 * new tensors per parameter (docs/METHODS.md, "Fused Adam and the allocator"). The parameters agree with
 * libtorch's Adam to about 1e-8 of a step (the kernel orders its arithmetic its own way).
 * <p>
 * Its state is saved and loaded in libtorch Adam's archive format ({@link #save},
 * {@link #load}), so checkpoints written by libtorch's Adam resume here and libtorch's Adam
 * reads this one's.
 */
public final class FusedAdam {
    private static final double EPS = 1e-8;
    private static final OperatorHandle KERNEL = Dispatcher.singleton().findSchemaOrThrow("aten::_fused_adam_", "");

    private final List<Tensor> params;
    private final double beta1, beta2, weightDecay;
    private double lr;
    /** Per parameter: the first and second moments (held outside any pointer scope) and the updates it has had. */
    private final Tensor[] expAvg, expAvgSq;
    private final long[] steps;

    public FusedAdam(List<Tensor> parameters, double lr, double beta1, double beta2, double weightDecay) {
        this.params = List.copyOf(parameters);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        int n = params.size();
        expAvg = new Tensor[n];
        expAvgSq = new Tensor[n];
        steps = new long[n];
        try (PointerScope outside = new PointerScope()) {
            for (int i = 0; i < n; i++) {
                expAvg[i] = kept(torch.zeros_like(params.get(i).detach()));
                expAvgSq[i] = kept(torch.zeros_like(params.get(i).detach()));
            }
        }
    }

    /** {@code t}, kept alive past the pointer scope it was made in. */
    private static Tensor kept(Tensor t) {
        t.retainReference();
        return t;
    }

    public List<Tensor> parameters() {
        return params;
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** Every parameter's gradient set to none, as libtorch's {@code Optimizer::zero_grad()}. */
    public void zeroGrad() {
        try (PointerScope scope = new PointerScope()) {
            for (Tensor p : params) {
                Tensor g = p.mutable_grad();
                if (g.defined()) {
                    g.detach_();
                    g.reset();
                }
            }
        }
    }

    /** One update of every parameter that has a gradient: one kernel call per distinct step count (one, unless some parameters sat out). */
    public void step() {
        try (PointerScope scope = new PointerScope()) {
            Map<Long, List<Integer>> byStep = new LinkedHashMap<>();
            Tensor[] grads = new Tensor[params.size()];
            for (int i = 0; i < params.size(); i++) {
                Tensor g = params.get(i).grad();
                if (!g.defined()) continue;
                grads[i] = g;
                steps[i]++;
                byStep.computeIfAbsent(steps[i], s -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<Long, List<Integer>> e : byStep.entrySet()) {
                List<Integer> idx = e.getValue();
                Tensor step = params.get(idx.get(0)).new_full(new long[] {}, new Scalar((double) e.getKey())); // float, on the device
                GenericList p = tensors(), g = tensors(), m = tensors(), v = tensors(), s = tensors();
                for (int i : idx) {
                    p.push_back(new IValue(params.get(i)));
                    g.push_back(new IValue(grads[i]));
                    m.push_back(new IValue(expAvg[i]));
                    v.push_back(new IValue(expAvgSq[i]));
                    s.push_back(new IValue(step));
                }
                KERNEL.callBoxed(new IValueVector(new IValue(p), new IValue(g), new IValue(m), new IValue(v), new IValue(tensors()),
                        new IValue(s), new IValue(lr), new IValue(beta1), new IValue(beta2), new IValue(weightDecay), new IValue(EPS),
                        new IValue(false), new IValue(false), new IValue(), new IValue()));
            }
        }
    }

    private static GenericList tensors() {
        return new GenericList(new Type.TypePtr(TensorType.get()));
    }

    /**
     * The state in libtorch Adam's archive layout: {@code pytorch_version}; {@code state/KEY/}
     * {@code step, exp_avg, exp_avg_sq} for each parameter that has been updated; and one
     * parameter group listing the keys in parameter order, with its options.
     */
    public void save(OutputArchive archive) {
        try (PointerScope scope = new PointerScope()) {
            archive.write("pytorch_version", new IValue("1.5.0"));
            OutputArchive state = new OutputArchive(archive.compilation_unit());
            for (int i = 0; i < params.size(); i++) {
                if (steps[i] == 0) continue;
                OutputArchive one = new OutputArchive(archive.compilation_unit());
                one.write("step", new IValue(steps[i]));
                one.write("exp_avg", expAvg[i]);
                one.write("exp_avg_sq", expAvgSq[i]);
                state.write(key(i), one);
            }
            archive.write("state", state);
            OutputArchive groups = new OutputArchive(archive.compilation_unit());
            groups.write("param_groups/size", count(1));
            OutputArchive group = new OutputArchive(archive.compilation_unit());
            group.write("params/size", count(params.size()));
            for (int i = 0; i < params.size(); i++) group.write("params/" + i, new IValue(key(i)));
            OutputArchive options = new OutputArchive(archive.compilation_unit());
            options.write("lr", new IValue(lr));
            options.write("betas", new IValue(Tuple.create(new IValue(beta1), new IValue(beta2))));
            options.write("eps", new IValue(EPS));
            options.write("weight_decay", new IValue(weightDecay));
            options.write("amsgrad", new IValue(false));
            group.write("options", options);
            groups.write("param_groups/0", group);
            archive.write("param_groups", groups);
        }
    }

    /** A 0-dimensional int64 tensor, as libtorch writes sizes. */
    private static Tensor count(long n) {
        return Ops.fromLongs(new long[] {n}, new Device("cpu")).squeeze();
    }

    /** A parameter's key in the archive: a number, as libtorch's loader reads it (its own are addresses). */
    private static String key(int i) {
        return Integer.toString(i + 1);
    }

    /**
     * Loads the state from libtorch Adam's archive layout (one parameter group, as many
     * parameters as here, in the same order); the moments are copied into this optimiser's
     * own tensors. The learning rate is left as it is: the schedule sets it every step.
     */
    public void load(InputArchive archive) {
        try (PointerScope scope = new PointerScope()) {
            InputArchive groups = new InputArchive(), group = new InputArchive(), state = new InputArchive();
            archive.read("param_groups", groups);
            Tensor count = new Tensor();
            groups.read("param_groups/size", count);
            if (count.item_long() != 1) throw new IllegalArgumentException("the archive holds " + count.item_long() + " parameter groups, not 1");
            groups.read("param_groups/0", group);
            Tensor size = new Tensor();
            group.read("params/size", size);
            if (size.item_long() != params.size()) {
                throw new IllegalArgumentException("the archive holds " + size.item_long() + " parameters, the optimiser " + params.size());
            }
            archive.read("state", state);
            for (int i = 0; i < params.size(); i++) {
                IValue key = new IValue();
                group.read("params/" + i, key);
                InputArchive one = new InputArchive();
                if (!state.try_read(key.toStringRef().getString(), one)) {
                    steps[i] = 0;
                    expAvg[i].zero_();
                    expAvgSq[i].zero_();
                    continue;
                }
                IValue step = new IValue();
                one.read("step", step);
                Tensor m = new Tensor(), v = new Tensor();
                one.read("exp_avg", m);
                one.read("exp_avg_sq", v);
                for (Tensor t : new Tensor[] {m, v}) {
                    if (!Arrays.equals(Ops.shape(t), Ops.shape(expAvg[i]))) {
                        throw new IllegalArgumentException("parameter " + i + " has shape " + Arrays.toString(Ops.shape(expAvg[i]))
                                + ", its moments in the archive " + Arrays.toString(Ops.shape(t)));
                    }
                }
                expAvg[i].copy_(m);
                expAvgSq[i].copy_(v);
                steps[i] = step.toInt();
            }
        }
    }
}
