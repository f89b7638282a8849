package dev.phasic.torch;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.GradMode;

/**
 * One step of a loop whose intermediate tensors are freed when the step ends, keeping only
 * what the step {@linkplain #keep keeps} (the carried state, the outputs) for the scope
 * around the loop. An evaluation's closed-loop rollout without it holds every intermediate
 * of every step until the evaluation's batch scope closes (docs/METHODS.md, "Why an
 * evaluation needed 12 GB").
 *
 * <p>It only acts inside an enclosing {@link PointerScope} (without one, tensors are the
 * garbage collector's and there is no scope to keep them in) and with gradients off: an
 * evaluation, or a training step's samples drawn without gradients. With gradients on,
 * autograd holds what backward needs anyway and the training step's own scope frees it.
 * Otherwise it is a no-op, and {@link #keep} returns its argument unchanged. The values
 * computed never change: only when wrappers are freed.
 */
public final class StepScope implements AutoCloseable {
    private final PointerScope outer;
    private final Recording inner;

    private StepScope(PointerScope outer, Recording inner) {
        this.outer = outer;
        this.inner = inner;
    }

    /** Opens a step: its own scope if an enclosing one exists and gradients are off, else nothing. */
    public static StepScope open() {
        PointerScope outer = PointerScope.getInnerScope();
        if (outer == null || GradMode.is_enabled()) return new StepScope(null, null);
        return new StepScope(outer, new Recording());
    }

    /**
     * Keeps {@code p}, made in this step, for the enclosing scope; a pointer made before the
     * step (already the enclosing scope's, or the collector's) is left as it is, as is one
     * kept twice.
     */
    public <P extends Pointer> P keep(P p) {
        if (inner == null || p == null || !inner.made.contains(p)) return p;   // kept already: detach forgot it
        outer.attach(p);      // first the enclosing scope's reference, so the count never reaches 0
        inner.detach(p);
        return p;
    }

    /** Frees every pointer made in the step and not kept. */
    @Override
    public void close() {
        if (inner != null) inner.close();
    }

    /** A scope that remembers what was attached to it, so {@link #keep} can tell a step's tensors from older ones. */
    private static final class Recording extends PointerScope {
        final Set<Pointer> made = Collections.newSetFromMap(new IdentityHashMap<>());

        @Override
        public PointerScope attach(Pointer p) {
            made.add(p);
            return super.attach(p);
        }

        /** Detaching releases a reference whether or not the pointer is here, so a detached pointer must not be kept later. */
        @Override
        public PointerScope detach(Pointer p) {
            made.remove(p);
            return super.detach(p);
        }
    }
}
