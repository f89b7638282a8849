package dev.phasic.objectives;

import dev.phasic.models.Critic;
import dev.phasic.models.MlpCritic;
import dev.phasic.nn.Linear;
import dev.phasic.nn.Module;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import dev.phasic.torch.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientPenaltyTest {
    @Test
    void penaltyGradientReachesCriticWeightsAndMatchesFiniteDifferences() {
        Native.init();
        Rng.seed(3);
        MlpCritic critic = new MlpCritic(5, 6, new Device("cpu"));
        Tensor weight = critic.stateDict().get("l2.weight");
        try (PointerScope scope = new PointerScope()) {
            Tensor interp = torch.randn(4, 5);
            Tensor gp = penalty(critic, interp);
            gp.backward();
            Tensor grad = weight.grad();
            assertTrue(grad.defined(), "the penalty's gradient must reach the critic's weights");
            float[] analytic = Ops.toFloats(grad);
            double maxAbs = 0;
            for (float a : analytic) maxAbs = Math.max(maxAbs, Math.abs(a));
            assertTrue(maxAbs > 1e-4, "gradient should not vanish, max |g| = " + maxAbs);
            double h = 1e-3;
            for (int k : new int[] {0, 7, 13, 22, 35}) {
                double plus = perturbed(critic, weight, interp, k, h);
                double minus = perturbed(critic, weight, interp, k, -h);
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, analytic[k], 2e-3 + 0.05 * Math.abs(numeric),
                        "d GP / d l2.weight[" + k + "]");
            }
        }
    }

    @Test
    void penaltyIsZeroForUnitSlopeCritic() {
        Native.init();
        try (PointerScope scope = new PointerScope()) {
            // D(x) = x·u with ‖u‖ = 1 has gradient norm exactly 1 everywhere.
            Tensor x = torch.randn(8, 3).requires_grad_(true);
            Tensor u = Ops.fromFloats(new float[] {0.6f, 0.8f, 0f}, new Device("cpu"), 3, 1);
            Tensor scores = x.matmul(u).reshape(-1);
            assertEquals(0.0, GradientPenalty.fromScores(scores, x).item_double(), 1e-6);
            Tensor scores2 = Ops.mul(x, 3.0).matmul(u).reshape(-1);
            assertEquals(4.0, GradientPenalty.fromScores(scores2, x).item_double(), 1e-4); // (3 − 1)²
        }
    }

    private static Tensor penalty(MlpCritic critic, Tensor interp) {
        Tensor x = interp.detach().clone().requires_grad_(true);
        return GradientPenalty.fromScores(critic.forward(x).score(), x);
    }

    private static double perturbed(MlpCritic critic, Tensor weight, Tensor interp, int k, double h) {
        try (NoGradGuard g = new NoGradGuard()) {
            weight.view(-1).narrow(0, k, 1).add_(new Scalar(h));
        }
        double value = penalty(critic, interp).item_double();
        try (NoGradGuard g = new NoGradGuard()) {
            weight.view(-1).narrow(0, k, 1).sub_(new Scalar(h));
        }
        return value;
    }

    /** A critic that reads its batch's statistics: each row centred on the batch mean, then a linear score (tanh in between). */
    private static final class CentredCritic extends Module implements Critic {
        private final Linear out = registerModule("out", new Linear(256, 1));

        @Override
        public Scored forward(Tensor input) {
            Tensor flat = Ops.flatten(input);
            Tensor centred = torch.tanh(flat.sub(flat.mean(new long[] {0}, true, new ScalarTypeOptional())));
            return new Scored(out.forward(centred).reshape(-1), centred);
        }

        @Override
        public boolean batchStatistics() {
            return true;
        }

        @Override
        public Module module() {
            return this;
        }
    }

    /**
     * A critic that reads its batch's statistics is a different function on every batch. Its
     * penalty in the critics' loss must be the one of the batch that scores the phases (wake,
     * predictions, interpolates together); scored alone, the interpolates give another value.
     */
    @Test
    void aBatchStatisticsCriticIsPenalisedInsideTheScoredBatch() {
        Native.init();
        Rng.seed(4);
        CentredCritic critic = new CentredCritic();
        Tensor wake = torch.randn(6, 1, 16, 16), osc = torch.randn(6, 1, 16, 16).mul(new Scalar(0.3));
        Phases p = new Phases(List.of(wake), null, List.of(osc));
        Eq7Eq8LocalCritics objective = new Eq7Eq8LocalCritics(new LinkedHashMap<>(Map.of("x", critic)), 0.0, 1.0, 10.0);
        Rng.seed(9);
        double inLoss = Ops.toFloats(objective.criticLoss(p).terms().get("critic.x.gp"))[0];
        Rng.seed(9);
        Tensor interpolates = GradientPenalty.interpolate(wake, osc).requires_grad_(true);
        Tensor scores = critic.forward(Ops.cat(List.of(wake, osc, interpolates), 0)).score();
        double joint = Ops.toFloats(GradientPenalty.fromScores(scores.narrow(0, 12, 6), interpolates))[0];
        Rng.seed(9);
        double alone = Ops.toFloats(GradientPenalty.of(critic, wake, osc))[0];
        assertEquals(joint, inLoss, 1e-5 * Math.max(1, joint));
        assertTrue(Math.abs(joint - alone) > 1e-3 * Math.max(1, joint), "batch statistics should change the penalty: " + joint + " vs " + alone);
    }

    /**
     * Lazy regularisation: scale k multiplies λ (the same interpolates, so the loss moves by
     * (k − 1)·λ·gp exactly), and scale 0 leaves the penalty out of the loss and its terms,
     * for the global critic and for local ones, with and without batch statistics.
     */
    @Test
    void aLazyPenaltyScalesλOrLeavesThePenaltyOut() {
        Native.init();
        Rng.seed(5);
        Device cpu = new Device("cpu");
        Tensor wake = torch.randn(6, 1, 16, 16), osc = torch.randn(6, 1, 16, 16).mul(new Scalar(0.3));
        Map<String, Critic> locals = new LinkedHashMap<>();
        locals.put("x", new CentredCritic());
        Objective local = new Eq7Eq8LocalCritics(locals, 0.0, 1.0, 10.0);
        Phases p = new Phases(List.of(wake), null, List.of(osc));
        Objective global = new Eq4GlobalWakeSleep(new MlpCritic(256, 8, cpu), 10.0);
        Phases g = new Phases(List.of(wake), List.of(osc), null);
        Map<String, Critic> plain = new LinkedHashMap<>();
        plain.put("x", new MlpCritic(256, 8, cpu));
        Objective perSample = new Eq7Eq8LocalCritics(plain, 0.0, 1.0, 10.0);
        Phases flat = new Phases(List.of(Ops.flatten(wake)), null, List.of(Ops.flatten(osc)));
        for (Object[] c : new Object[][] {{local, p, "critic.x.gp", "critic.x.distance"}, {perSample, flat, "critic.x.gp", "critic.x.distance"},
                {global, g, "critic.joint.gp", "critic.joint.distance"}}) {
            Objective o = (Objective) c[0];
            Phases phases = (Phases) c[1];
            String gpName = (String) c[2], distanceName = (String) c[3];
            Rng.seed(9);
            Losses once = o.criticLoss(phases);
            Rng.seed(9);
            Losses lazy = o.criticLoss(phases, 4);
            double gp = Ops.toFloats(once.terms().get(gpName))[0];
            assertEquals(gp, Ops.toFloats(lazy.terms().get(gpName))[0], 1e-6 * Math.max(1, gp), "same interpolates, same penalty");
            assertEquals(once.total().item_double() + 3 * 10.0 * gp, lazy.total().item_double(), 1e-4 * Math.max(1, gp * 30));
            Losses none = o.criticLoss(phases, 0);
            assertTrue(!none.terms().containsKey(gpName), "no penalty term at scale 0: " + none.terms().keySet());
            assertEquals(-Ops.toFloats(none.terms().get(distanceName))[0], none.total().item_double(), 1e-6);
        }
    }
}
