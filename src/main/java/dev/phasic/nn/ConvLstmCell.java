package dev.phasic.nn;

import dev.phasic.torch.Ops;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A stochastic ConvLSTM cell (Shi et al. 2015; docs/DESIGN.md §3C). One convolution of the
 * input and the previous hidden state gives the gates {@code i, f, g, o} (PyTorch's
 * LSTM order) and, when stochastic, a std pre-activation:
 * <pre>
 *   c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)
 *   μ  = σ(o) ⊙ tanh(c')
 *   h' = μ + softplus(s) ⊙ ε          (h' = μ when deterministic)
 * </pre>
 * The sampled {@code h'} is the state carried forward: the cell's output is a draw of
 * a diagonal Gaussian over the hidden state, sampled at every update.
 */
public final class ConvLstmCell extends Module {
    private final Conv2d gates;
    private final long hidden;
    private final boolean stochastic;

    /** The carried state: hidden {@code h} and cell {@code c}, both (B, hidden, H, W). */
    public record State(Tensor h, Tensor c) {}

    public ConvLstmCell(long in, long hidden, long kernel, boolean stochastic, double stdBias) {
        this.hidden = hidden;
        this.stochastic = stochastic;
        gates = registerModule("gates", new Conv2d(in + hidden, (stochastic ? 5 : 4) * hidden, kernel, 1, kernel / 2));
        if (stochastic) {
            try (NoGradGuard g = new NoGradGuard()) {
                gates.stateDict().get("bias").narrow(0, 4 * hidden, hidden).fill_(new Scalar(stdBias));
            }
        }
    }

    public long hidden() {
        return hidden;
    }

    /** The all-zero state for a batch of (B, ·, H, W) inputs. */
    public State zeros(Tensor like, long height, long width) {
        Tensor z = torch.zeros(new long[] {like.size(0), hidden, height, width}, like.options());
        return new State(z, z);
    }

    /** The Gaussian over the next hidden state and the next cell state. */
    public Step step(Tensor input, State state) {
        Tensor g = gates.forward(Ops.cat(List.of(input, state.h()), 1)); // (B, 4|5·hidden, H, W)
        Tensor i = torch.sigmoid(g.narrow(1, 0, hidden));
        Tensor f = torch.sigmoid(g.narrow(1, hidden, hidden));
        Tensor cand = torch.tanh(g.narrow(1, 2 * hidden, hidden));
        Tensor o = torch.sigmoid(g.narrow(1, 3 * hidden, hidden));
        Tensor c = f.mul(state.c()).add(i.mul(cand));
        Tensor mean = o.mul(torch.tanh(c));
        Tensor std = stochastic ? torch.softplus(g.narrow(1, 4 * hidden, hidden)) : torch.zeros_like(mean);
        return new Step(new Gaussian(mean, std), c);
    }

    /** One update: (B, in, H, W) and the state → the next state with {@code h} sampled. */
    public State forward(Tensor input, State state) {
        Step s = step(input, state);
        return new State(stochastic ? s.hidden().sample() : s.hidden().mean(), s.cell());
    }

    /** The hidden state's distribution and the (deterministic) cell state of one update. */
    public record Step(Gaussian hidden, Tensor cell) {}
}
