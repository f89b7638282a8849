package dev.phasic.objectives;

import dev.phasic.torch.Ops;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * How much of each network's gradient each weighted term of a loss gives ({@code
 * --gradient-shares}). For term i of weight w_i and network n, {@code g_in = w_i·∂term_i/∂θ_n};
 * the network's gradient is {@code g_n = Σ_i g_in}, the one its optimiser steps on. Reported per
 * term and network:
 * <ul>
 * <li>{@code gradient.<term>.<n>.norm}: ‖g_in‖;</li>
 * <li>{@code gradient.<term>.<n>.share}: {@code ⟨g_in, g_n⟩ / ‖g_n‖²}, the part of g_n along
 * which the term pulls. The shares of a network sum to 1; a negative share pulls against the
 * rest.</li>
 * </ul>
 * and {@code gradient.<n>.norm}, ‖g_n‖. Each term costs one extra backward pass through the
 * graph (kept for the update's own), and nothing it computes reaches the update. g_n is the
 * loss's gradient as this process computes it: before {@code --nproc}'s averaging (rank 0's
 * share of the batch is logged), before {@code --clip-norm}, and without the optimiser's weight
 * decay. Shares are 0 when ‖g_n‖ is.
 */
public final class GradientShares {
    private GradientShares() {}

    /** The norms and shares of {@code losses}' weighted terms over each network's parameters (graph intact). */
    public static Map<String, Double> measure(Losses losses, Map<String, List<Tensor>> networks) {
        List<Tensor> params = new ArrayList<>();
        networks.values().forEach(params::addAll);
        Map<String, List<Tensor>> flat = new LinkedHashMap<>();                      // term → one flat gradient per network
        for (Map.Entry<String, Double> e : losses.weights().entrySet()) {
            Tensor term = losses.terms().get(e.getKey());
            flat.put(e.getKey(), perNetwork(term, e.getValue(), params, networks));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        int n = 0;
        for (String network : networks.keySet()) {
            Tensor total = null;
            for (List<Tensor> g : flat.values()) total = total == null ? g.get(n) : total.add(g.get(n));
            double squared = total == null ? 0 : total.dot(total).item_double();
            for (Map.Entry<String, List<Tensor>> e : flat.entrySet()) {
                Tensor g = e.getValue().get(n);
                out.put("gradient." + e.getKey() + "." + network + ".norm", Math.sqrt(g.dot(g).item_double()));
                out.put("gradient." + e.getKey() + "." + network + ".share", squared > 0 ? g.dot(total).item_double() / squared : 0.0);
            }
            out.put("gradient." + network + ".norm", Math.sqrt(squared));
            n++;
        }
        return out;
    }

    /** {@code weight·∂term/∂θ} as one flat vector per network (zeros where the term does not reach). */
    private static List<Tensor> perNetwork(Tensor term, double weight, List<Tensor> params, Map<String, List<Tensor>> networks) {
        List<Tensor> grads = new ArrayList<>();
        if (weight != 0 && term.requires_grad()) {
            TensorVector g = torch.grad(new TensorVector(term), new TensorVector(params.toArray(new Tensor[0])),
                    new TensorVector(torch.ones_like(term)), new BoolOptional(true), false, true);
            for (int k = 0; k < params.size(); k++) {
                Tensor gk = g.get(k);
                grads.add(gk.defined() ? Ops.mul(gk.reshape(-1), weight) : torch.zeros_like(params.get(k)).reshape(-1));
            }
            Reference.reachabilityFence(g); // get(k) is a view into g; the products above are copies
        } else {
            for (Tensor p : params) grads.add(torch.zeros_like(p).reshape(-1));
        }
        List<Tensor> out = new ArrayList<>();
        int k = 0;
        for (List<Tensor> network : networks.values()) {
            List<Tensor> parts = grads.subList(k, k + network.size());
            out.add(parts.isEmpty() ? torch.zeros_like(term).reshape(-1).narrow(0, 0, 0) : Ops.cat(parts, 0));
            k += network.size();
        }
        return out;
    }
}
