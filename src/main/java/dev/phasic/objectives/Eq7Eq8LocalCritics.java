package dev.phasic.objectives;

import dev.phasic.models.Critic;
import dev.phasic.nn.Convolutions;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Eq. 7 and 8: one critic per layer sees only that population. It separates wake
 * activity from a mixture of sleep (weight γ) and oscillation (weight 1 − γ)
 * activity; q and p minimise the same plus {@code β·‖φ(h) − φ(ĥ)‖²} on the critic's
 * hidden features (squared norm per sample, mean over the batch), and optionally
 * {@code β_td·‖φ(h) − φ(h̃)‖²} against a top-down pass from a higher layer's wake
 * activity (docs/DESIGN.md §2, docs/METHODS.md). The one-step feature term applies to
 * layers below the top only: there ĥ is predicted from the same input's wake activity
 * one layer up, while the top layer's "prediction" is an independent prior draw, and
 * pulling independent pairs together in feature space would collapse q's top layer
 * (the variance of φ(z) is the minimiser). γ = 0 is pure oscillation
 * (Eq. 7); at γ = 1 the critics separate wake from sleep alone, but the feature term still
 * pairs each prediction with its wake activity (add β = 0 for the sleep phase alone, i.e.
 * wake/sleep with local critics). Each critic scores all its phases
 * in one batched call; the penalty's interpolates go through a separate call, so the
 * second-order graph spans only their B rows, except for critics with batch
 * statistics, whose interpolates join the phases' call: otherwise the penalty would
 * bound a different function from the one that scores.
 */
public final class Eq7Eq8LocalCritics implements Objective {
    private final Map<String, Critic> critics;
    private final List<String> names;
    private final double gamma;
    private final double beta;
    private final double gpWeight;
    private final int featureLayers;
    private final boolean hiddenWakeGradient;
    private final boolean topWakeGradient;
    private final double topDownBeta;
    private final double drift;
    private final double adversarialWeight;
    private final double pixelAnchor;
    private final boolean localCredit;

    /** {@code critics} in layer order, input first; the feature term on every layer below the top, nothing else added. */
    public Eq7Eq8LocalCritics(Map<String, Critic> critics, double gamma, double beta, double gpWeight) {
        this(critics, new Objectives.Local(gamma, beta, gpWeight, 0, false, true, 0, 0));
    }

    /**
     * Every setting in one record ({@link Objectives.Local}). {@code featureLayers}: the feature
     * term on the lowest layers only (0: all below the top). {@code hiddenWakeGradient}: whether
     * a hidden layer's terms also reach q through its wake activity; off, they train q only
     * through the predictions made from the layer above (see {@link #networkLoss}).
     * {@code topWakeGradient = false} also holds the top layer's wake activity fixed, so its
     * critic trains only the sleep side to match it: the video model's top layer is the
     * encoder's recurrent state, its memory, which the prior draws of the top layer's
     * oscillation slot should not pull on. {@code topDownBeta}: weight of the feature term
     * between each layer's wake activity and its prediction by a top-down pass from a higher
     * layer's wake activity ({@link Phases#topDown}). {@code drift}: ε of a term ε·E_wake[D²]
     * in each critic's loss, which keeps scores near zero (Karras et al. 2017). Then the weight
     * of the networks' adversarial terms, and of a pixel anchor {@code λ·mean (x − x̂)²} between
     * the input layer's wake rows and their predictions, on the rows' last channel (the frame
     * predicted, where a row pairs it with the frame before).
     */
    public Eq7Eq8LocalCritics(Map<String, Critic> critics, Objectives.Local s) {
        this.topDownBeta = s.topDownBeta();
        this.drift = s.drift();
        this.hiddenWakeGradient = s.hiddenWakeGradient();
        this.topWakeGradient = s.topWakeGradient();
        this.featureLayers = s.featureLayers() == 0 ? critics.size() - 1 : Math.min(s.featureLayers(), critics.size() - 1);
        this.critics = critics;
        this.names = new ArrayList<>(critics.keySet());
        this.gamma = s.gamma();
        this.beta = s.beta();
        this.gpWeight = s.gpWeight();
        this.adversarialWeight = s.adversarialWeight();
        this.pixelAnchor = s.pixelAnchor();
        this.localCredit = s.localCredit();
    }

    @Override
    public Map<String, Critic> critics() {
        return critics;
    }

    @Override
    public boolean needsSleep() {
        return gamma > 0;
    }

    @Override
    public boolean needsOscillation() {
        return true;
    }

    @Override
    public boolean needsTopDown() {
        return topDownBeta > 0;
    }

    @Override
    public Losses criticLoss(Phases p, double penaltyScale) {
        Map<String, Tensor> terms = new LinkedHashMap<>();
        Tensor total = null;
        boolean penalise = penaltyScale != 0;
        for (int l = 0; l < names.size(); l++) {
            String name = names.get(l);
            Tensor wake = p.wake().get(l);
            long b = wake.size(0);
            Critic critic = critics.get(name);
            // a critic with batch statistics scores the interpolates with the phases, so the penalty bounds that function
            Layout at = Layout.of(needsSleep(), gamma < 1, false, penalise && critic.batchStatistics());
            Tensor interpolates = at.interpolates() >= 0
                    ? GradientPenalty.interpolate(wake, mixedNegatives(p, l)).requires_grad_(true) : null;
            Tensor rows = Ops.cat(at.rows(p, l, interpolates), 0);                           // phases in one call
            Tensor scores = interpolates == null ? critic.forward(rows).score()              // second order through the interpolates
                    : Convolutions.twiceDifferentiable(() -> critic.forward(rows).score());
            Tensor distance = distance(scores, b, at);
            terms.put("critic." + name + ".distance", distance);
            Tensor loss = distance.neg();
            if (penalise) {
                Tensor gp = interpolates != null
                        ? GradientPenalty.fromScores(scores.narrow(0, at.interpolates() * b, b), interpolates)
                        : GradientPenalty.of(critic, wake, mixedNegatives(p, l));          // interpolates alone
                terms.put("critic." + name + ".gp", gp);
                loss = loss.add(Ops.mul(gp, gpWeight * penaltyScale));
            }
            if (drift > 0) loss = loss.add(Ops.mul(scores.narrow(0, 0, b).square().mean(), drift)); // ε·E_wake[D²]
            total = total == null ? loss : total.add(loss);
        }
        return new Losses(total, terms);
    }

    /**
     * The networks' side. A hidden layer's wake activity is both an output of q and the
     * target its critic and feature term compare predictions with. Pulling the target
     * toward the predictions is minimised by a representation that carries nothing
     * (measured on architecture B: h1's across-batch spread fell from 0.29 to 0.08 and
     * the input predictions became the mean image), so by default the target is held
     * fixed and q learns there only through the layer above, which must carry what the
     * prediction needs. The input (data) and the top layer (matched to the prior) keep
     * their gradients; models with only x and z are unaffected.
     */
    @Override
    public Losses networkLoss(Phases p) {
        Map<String, Tensor> terms = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Tensor total = null;
        for (int l = 0; l < names.size(); l++) {
            String name = names.get(l);
            long b = p.wake().get(l).size(0);
            boolean top = l == names.size() - 1;
            boolean topDown = p.topDown() != null && l < p.topDown().size();
            // the feature term needs the oscillation rows even at γ = 1
            Layout at = Layout.of(needsSleep(), true, topDown, false);
            List<Tensor> parts = at.rows(p, l, null);
            boolean holdWake = l > 0 && (top ? !topWakeGradient : !hiddenWakeGradient);
            // under local credit q learns at layer l only through the wake activity's score: the feature targets stay held
            if (holdWake && !localCredit) parts.set(0, parts.get(0).detach());
            boolean holdTarget = holdWake && localCredit;
            Critic.Scored scored = critics.get(name).forward(Ops.cat(parts, 0));
            Tensor distance = distance(scored.score(), b, at);
            terms.put("network." + name + ".distance", distance);
            weights.put("network." + name + ".distance", adversarialWeight);
            Tensor loss = Ops.mul(distance, adversarialWeight);
            if (l == 0 && pixelAnchor > 0) {
                Tensor anchor = pixelAnchor(p.wake().get(0), p.oscillation().get(0));
                terms.put("network." + name + ".anchor", anchor);
                weights.put("network." + name + ".anchor", pixelAnchor);
                loss = loss.add(Ops.mul(anchor, pixelAnchor));
            }
            if (l < featureLayers && beta > 0) {
                Tensor feature = featureDistance(scored, b, at.oscillation(), holdTarget);
                terms.put("network." + name + ".feature", feature);
                weights.put("network." + name + ".feature", beta);
                loss = loss.add(Ops.mul(feature, beta));
            }
            if (topDown) {
                Tensor feature = featureDistance(scored, b, at.topDown(), holdTarget);
                terms.put("network." + name + ".top_down", feature);
                weights.put("network." + name + ".top_down", topDownBeta);
                loss = loss.add(Ops.mul(feature, topDownBeta));
            }
            total = total == null ? loss : total.add(loss);
        }
        return new Losses(total, terms, weights);
    }

    /** {@code mean (wake − predicted)²} over the last channel of (N, C, …) rows. */
    private static Tensor pixelAnchor(Tensor wake, Tensor predicted) {
        long c = wake.size(1);
        return wake.narrow(1, c - 1, 1).sub(predicted.narrow(1, c - 1, 1)).square().mean();
    }

    /**
     * {@code ‖φ(wake) − φ(rows of group g)‖²} per sample, mean over the batch; groups of {@code b}
     * rows, wake first; {@code holdWake}: φ(wake) is a fixed target.
     */
    private static Tensor featureDistance(Critic.Scored scored, long b, int g, boolean holdWake) {
        Tensor phiWake = scored.features().narrow(0, 0, b);    // (B, F)
        if (holdWake) phiWake = phiWake.detach();
        Tensor phiOther = scored.features().narrow(0, g * b, b); // (B, F)
        return phiWake.sub(phiOther).square().sum(new long[] {1}, false, new ScalarTypeOptional()).mean();
    }

    /**
     * Where each phase sits in one batched critic call: groups of B rows, wake first, then
     * sleep (γ > 0), oscillation, the top-down predictions and the penalty's interpolates,
     * each present or not (index −1). The one place the layout is decided.
     */
    record Layout(int sleep, int oscillation, int topDown, int interpolates) {
        static Layout of(boolean sleep, boolean oscillation, boolean topDown, boolean interpolates) {
            int next = 1;
            int s = sleep ? next++ : -1, o = oscillation ? next++ : -1, t = topDown ? next++ : -1, i = interpolates ? next : -1;
            return new Layout(s, o, t, i);
        }

        /** Layer l's rows in this layout ({@code interpolates} when the layout has them). */
        List<Tensor> rows(Phases p, int l, Tensor interpolates) {
            List<Tensor> parts = new ArrayList<>(List.of(p.wake().get(l)));
            if (sleep >= 0) parts.add(p.sleep().get(l));
            if (oscillation >= 0) parts.add(p.oscillation().get(l));
            if (topDown >= 0) parts.add(p.topDown().get(l));
            if (this.interpolates >= 0) parts.add(interpolates);
            return parts;
        }
    }

    /** {@code E_wake[D] − γ E_sleep[D] − (1−γ) E_osc[D]} from scores laid out by {@code at}. */
    private Tensor distance(Tensor scores, long b, Layout at) {
        Tensor d = scores.narrow(0, 0, b).mean();
        if (at.sleep() >= 0) d = d.sub(Ops.mul(scores.narrow(0, b * at.sleep(), b).mean(), gamma));
        if (gamma < 1) d = d.sub(Ops.mul(scores.narrow(0, b * at.oscillation(), b).mean(), 1 - gamma));
        return d;
    }

    /** Per sample a sleep negative with probability γ, otherwise the oscillation one. */
    private Tensor mixedNegatives(Phases p, int l) {
        if (gamma <= 0) return p.oscillation().get(l);
        if (gamma >= 1) return p.sleep().get(l);
        Tensor sleep = p.sleep().get(l);
        long[] maskShape = new long[(int) sleep.dim()];
        Arrays.fill(maskShape, 1);
        maskShape[0] = sleep.size(0);
        Tensor mask = Ops.rand(sleep.device(), maskShape).lt(new Scalar(gamma)); // (B, 1, …)
        return torch.where(mask, sleep, p.oscillation().get(l));
    }
}
