package dev.phasic.objectives;

import dev.phasic.models.ConvCritic;
import dev.phasic.models.Critic;
import dev.phasic.hierarchical.HierarchicalConv;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-down term of the hierarchical recipe and the critics' minibatch-std feature. */
class TopDownTest {
    private static final Device CPU = new Device("cpu");

    @Test
    void topDownTermsReachEveryLayerBelowTheSourceAndTrainQThroughIt() {
        Native.init();
        Rng.seed(5);
        HierarchicalConv m = new HierarchicalConv(HierarchicalConv.Shape.paper(1, 32, 0.125, -3, true), CPU);
        Map<String, Critic> critics = new LinkedHashMap<>();
        List<String> names = m.layerNames();
        for (int l = 0; l < names.size(); l++) {
            critics.put(names.get(l), new ConvCritic(m.shape().channelsOf(l), m.shape().size(l), 8, 8, CPU));
        }
        Eq7Eq8LocalCritics objective = new Eq7Eq8LocalCritics(critics, new Objectives.Local(0.5, 1.0, 10.0, 0, false, true, 1.0, 0));
        assertTrue(objective.needsTopDown());
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Ops.add(Ops.mul(torch.rand(4, 1, 32, 32), 2.0), -1.0);
            for (int k : new int[] {5, 3}) {
                Phases p = Phases.sample(m, x, true, true, k);
                assertEquals(k, p.topDown().size(), "one prediction per layer below the source");
                for (int l = 0; l < k; l++) assertArrayEquals(Ops.shape(p.wake().get(l)), Ops.shape(p.topDown().get(l)));
                Losses losses = objective.networkLoss(p);
                for (int l = 0; l < names.size(); l++) {
                    assertEquals(l < k, losses.terms().containsKey("network." + names.get(l) + ".top_down"), "layer " + l + " from " + k);
                }
                // the input's top-down term alone trains q up to the source layer and no further
                Tensor term = losses.terms().get("network.x.top_down");
                List<Tensor> qk = m.inference().namedParameters().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("layer" + k + "."))
                        .map(e -> e.getValue().value()).toList();
                var grads = torch.grad(new TensorVector(term),
                        new TensorVector(qk.toArray(new Tensor[0])),
                        new TensorVector(), new BoolOptional(true), false, true);
                double norm = 0;
                for (int i = 0; i < qk.size(); i++) {
                    if (grads.get(i).defined()) norm += grads.get(i).square().sum().item_double();
                }
                Reference.reachabilityFence(grads);
                assertTrue(norm > 0, "q's layer " + k + " learns from the top-down term");
            }
        }
    }

    @Test
    void minibatchStdSeesTheSpreadOfEachPhaseSeparately() {
        Native.init();
        Rng.seed(6);
        ConvCritic critic = new ConvCritic(3, 4, 8, 8, 4, CPU);
        assertTrue(critic.batchStatistics(), "scores depend on the other rows of a phase");
        try (PointerScope scope = new PointerScope()) {
            Tensor a = torch.randn(1, 3, 4, 4);
            Tensor same = a.expand(new long[] {4, 3, 4, 4}).contiguous();       // a phase that ignores its input
            Tensor varied = torch.cat(new TensorVector(a, torch.randn(3, 3, 4, 4)), 0);
            float[] s = Ops.toFloats(critic.forward(torch.cat(new TensorVector(same, varied), 0)).score());
            assertEquals(8, s.length);
            assertEquals(s[0], s[3], 1e-6, "rows of one phase share its spread");
            assertNotEquals(s[0], s[4], 1e-6, "the same row scores differently in a phase with spread");
            Tensor in = torch.cat(new TensorVector(same, varied), 0).requires_grad_(true);
            critic.forward(in).score().sum().backward();
            for (float g : Ops.toFloats(in.grad())) assertTrue(Float.isFinite(g), "finite gradient through the spread");
        }
    }
}
