package dev.phasic.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.bytedeco.pytorch.Tensor;

/**
 * Stochastic ConvLSTM cells stacked in depth (Shi et al. 2015 stack four): the first reads the
 * input, each one above reads the sampled hidden state of the one below, and the top one's
 * hidden state is the stack's output. The cells are registered in {@code into} as
 * {@code name}, {@code name2}, {@code name3}, … so that a stack of one is a single cell, named
 * as before.
 */
public final class ConvLstmStack {
    private final List<ConvLstmCell> cells = new ArrayList<>();

    /** The carried state, one per cell from the bottom up. */
    public record State(List<ConvLstmCell.State> cells) {
        /** The top cell's hidden state: the stack's output. */
        public Tensor h() {
            return cells.get(cells.size() - 1).h();
        }
    }

    /** {@code depth} cells, cell k (from 0, the bottom) made by {@code cell}. */
    public ConvLstmStack(Container into, String name, int depth, IntFunction<ConvLstmCell> cell) {
        if (depth < 1) throw new IllegalArgumentException("depth must be ≥ 1, found " + depth);
        for (int k = 0; k < depth; k++) cells.add(into.add(k == 0 ? name : name + (k + 1), cell.apply(k)));
    }

    /** The all-zero state for a batch of (B, ·, H, W) inputs. */
    public State zeros(Tensor like, long height, long width) {
        return of(cell -> cell.zeros(like, height, width));
    }

    /** A state made cell by cell, from the bottom up. */
    public State of(Function<ConvLstmCell, ConvLstmCell.State> make) {
        List<ConvLstmCell.State> out = new ArrayList<>();
        for (ConvLstmCell cell : cells) out.add(make.apply(cell));
        return new State(out);
    }

    /** One update of every cell, from the bottom up, each reading the new state below it. */
    public State forward(Tensor input, State state) {
        List<ConvLstmCell.State> out = new ArrayList<>();
        Tensor below = input;
        for (int k = 0; k < cells.size(); k++) {
            ConvLstmCell.State next = cells.get(k).forward(below, state.cells().get(k));
            out.add(next);
            below = next.h();
        }
        return new State(out);
    }
}
