package dev.phasic.experiments;

import dev.phasic.nn.Module;
import dev.phasic.nn.Parameter;
import dev.phasic.torch.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The population toy of the paper's §2.2 (docs/METHODS.md): neurons sum their inputs plus
 * Gaussian noise. A target population P of n neurons has fixed internal connections
 * (neuron i reads {@code w·tanh(P_parent(i))}, a DAG in index order). In the evoked
 * phase a teacher T drives P through fixed weights t; in the predictive phase the
 * source A (same exponential signal) drives P through the learned weights a. The
 * learned optimum is a = t; the parameter error is ‖a − t‖.
 */
public final class Population extends Module {
    public static final double NOISE = 0.1;

    /** Teacher weights t, each neuron's internal parent (-1: none) and that connection's weight. */
    public record Network(double[] teacher, int[] parent, double[] internal) {
        public int size() {
            return teacher.length;
        }

        /** n = 2: B = 1.0·T, C = 0.5·T + 0.8·tanh(B) (docs/METHODS.md); {@code connected = false} drops B → C. */
        public static Network pair(boolean connected) {
            return new Network(new double[] {1.0, 0.5}, new int[] {-1, connected ? 0 : -1}, new double[] {0, connected ? 0.8 : 0});
        }

        /** n neurons, teacher weights in [0.5, 1.5], each neuron after the first reads one earlier neuron with weight 0.8. */
        public static Network sparse(int n, long seed) {
            if (n == 2) return pair(true);
            SplittableRandom r = new SplittableRandom(seed);
            double[] t = new double[n];
            int[] parent = new int[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = 0.5 + r.nextDouble();
                parent[i] = i == 0 ? -1 : r.nextInt(i);
                w[i] = i == 0 ? 0 : 0.8;
            }
            return new Network(t, parent, w);
        }

        /** Neuron i's neighbourhood: itself and its internal parent (the source is added by callers). */
        public List<Integer> neighbourhood(int i) {
            List<Integer> out = new ArrayList<>();
            if (parent[i] >= 0) out.add(parent[i]);
            out.add(i);
            return out;
        }
    }

    private final Network net;
    private final Parameter weights;
    private final Device device;

    public Population(Network net, Device device) {
        this.net = net;
        this.device = device;
        this.weights = registerParameter("source_weights", torch.zeros(net.size())); // a, learned from zero
        to(device);
    }

    public Network network() {
        return net;
    }

    /** The exponential(1) signal carried by T and A: (B, 1). */
    public Tensor signal(long batch) {
        return Ops.add(Ops.rand(device, batch, 1), 1e-12).log().neg();
    }

    /** Evoked phase: (B, 1 + n) = [T, P] with P driven by the teacher. */
    public Tensor evoked(Tensor s) {
        return torch.cat(new TensorVector(s, drive(s, Ops.fromFloats(toFloats(net.teacher()), device, net.size()))), 1);
    }

    /** Predictive phase: (B, 1 + n) = [A, P] with P driven by A through the learned weights (reparameterised). */
    public Tensor predictive(Tensor s) {
        return torch.cat(new TensorVector(s, drive(s, weights.value())), 1);
    }

    private Tensor drive(Tensor s, Tensor w) {
        long b = s.size(0);
        Tensor noise = Ops.mul(Ops.randn(device, b, net.size()), NOISE); // (B, n)
        Tensor feed = s.mul(w.unsqueeze(0));                              // (B, n)
        Tensor[] p = new Tensor[net.size()];
        for (int i = 0; i < net.size(); i++) {
            Tensor v = feed.narrow(1, i, 1).add(noise.narrow(1, i, 1));
            if (net.parent()[i] >= 0) v = v.add(Ops.mul(torch.tanh(p[net.parent()[i]]), net.internal()[i]));
            p[i] = v;                                                     // (B, 1)
        }
        return torch.cat(new TensorVector(p), 1);
    }

    public Tensor weights() {
        return weights.value();
    }

    public double[] learned() {
        float[] f = Ops.toFloats(weights.value());
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }

    public double parameterError() {
        double[] a = learned();
        double e = 0;
        for (int i = 0; i < a.length; i++) e += (a[i] - net.teacher()[i]) * (a[i] - net.teacher()[i]);
        return Math.sqrt(e);
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
