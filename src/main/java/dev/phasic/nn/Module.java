package dev.phasic.nn;

import dev.phasic.UserError;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * Base of every network piece, after {@code torch.nn.Module}: ordered parameters, buffers
 * and children registered by name, a training flag, and a state dict keyed by dotted
 * paths ({@code inference.recurrence.hidden.weight}). Build modules before any
 * pointer scope opens: their tensors must outlive every step.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    protected final Parameter registerParameter(String name, Tensor initial) {
        Parameter p = new Parameter(initial);
        if (parameters.putIfAbsent(name, p) != null) throw new IllegalStateException("duplicate parameter " + name);
        return p;
    }

    /** A fixed tensor of this module ({@link Buffer}): moved and checkpointed with it, never trained. */
    protected final Buffer registerBuffer(String name, Tensor initial) {
        Buffer b = new Buffer(initial);
        if (parameters.containsKey(name) || buffers.putIfAbsent(name, b) != null) throw new IllegalStateException("duplicate buffer " + name);
        return b;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        if (children.putIfAbsent(name, module) != null) throw new IllegalStateException("duplicate child " + name);
        return module;
    }

    /** Every parameter, depth first in registration order, under its dotted name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, c) -> c.collect(prefix + n + ".", out));
    }

    /** Every buffer, depth first in registration order, under its dotted name. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Buffer> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.collectBuffers(prefix + n + ".", out));
    }

    public final List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        namedParameters().values().forEach(p -> out.add(p.value()));
        return out;
    }

    public final long parameterCount() {
        return parameters().stream().mapToLong(Tensor::numel).sum();
    }

    public final void train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
    }

    public final boolean isTraining() {
        return training;
    }

    public final void requiresGrad(boolean on) {
        namedParameters().values().forEach(p -> p.requiresGrad(on));
    }

    /** Moves every parameter and buffer; call before building optimisers. */
    public final void to(Device device) {
        namedParameters().values().forEach(p -> p.moveTo(device));
        namedBuffers().values().forEach(b -> b.moveTo(device));
    }

    /** Live parameter tensors, then buffers, by dotted name (not copies). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value()));
        namedBuffers().forEach((n, b) -> out.put(n, b.value()));
        return out;
    }

    /**
     * Copies values in by name. Missing or unexpected keys, or a shape mismatch, fail
     * with every offending name listed.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        TreeSet<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new UserError("weights do not match the model: missing " + missing + ", unexpected " + unexpected);
        }
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor target = e.getValue();
                Tensor source = state.get(e.getKey());
                if (!Arrays.equals(Ops.shape(target), Ops.shape(source))) {
                    throw new UserError("weight '" + e.getKey() + "' has shape "
                            + Arrays.toString(Ops.shape(source)) + ", model expects "
                            + Arrays.toString(Ops.shape(target)));
                }
                target.copy_(source);
            }
        }
    }
}
