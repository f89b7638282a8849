package dev.phasic.training;

import dev.phasic.TestSupport;
import dev.phasic.nn.Module;
import dev.phasic.nn.Parameter;
import dev.phasic.objectives.Losses;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.objectives.Phases;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --credit local}: after a few steps, the terms of each layer's critic reach the
 * parameters of the conditionals that produce that layer and no other parameter, exactly;
 * {@code local-loop} adds the bottom-up conditional one layer up; {@code backprop} reaches
 * across layers. Architectures A and B.
 */
class LocalCreditTest {
    /** The conditionals whose parameters layer {@code name}'s terms reach, e.g. [p0, q1] (by the gradient's squared norm). */
    static Set<String> reached(TrainConfig config, int steps) {
        Session s = new Session(config);
        Trainer t = new Trainer(s, null, 0);
        for (int i = 0; i < steps; i++) {
            try (PointerScope scope = new PointerScope()) {
                t.trainStep(false);
            }
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        named(s.model.inference(), "q", params);
        named(s.model.generation(), "p", params);
        Set<String> out = new TreeSet<>();
        try (PointerScope scope = new PointerScope()) {
            Phases p = Phases.sample(s.model, s.batches.images(steps), true, true, topDownFrom(s));
            Losses losses = s.objective.networkLoss(p);
            List<String> names = s.model.layerNames();
            Tensor[] all = params.values().toArray(new Tensor[0]);
            for (String layer : names) {
                Tensor sum = null;
                for (Map.Entry<String, Tensor> e : losses.terms().entrySet()) {
                    if (e.getKey().startsWith("network." + layer + ".")) sum = sum == null ? e.getValue() : sum.add(e.getValue());
                }
                TensorVector grads = torch.grad(new TensorVector(sum), new TensorVector(all), new TensorVector(),
                        new BoolOptional(true), false, true);
                Map<String, Double> norms = new TreeMap<>();
                int i = 0;
                for (String key : params.keySet()) {
                    Tensor g = grads.get(i++);
                    double n = g.defined() ? g.square().sum().item_double() : 0;
                    norms.merge(key.substring(0, key.indexOf('/')), n, Double::sum);
                }
                Reference.reachabilityFence(grads);
                norms.forEach((conditional, n) -> {
                    if (n > 0) out.add(layer + "→" + conditional);
                });
            }
        }
        return out;
    }

    private static int topDownFrom(Session s) {
        return s.objective.needsTopDown() ? s.model.layerNames().size() - 1 : 0;
    }

    /** Parameters by "q1/…" or "p0/…": the conditional (A: one each; B: {@code layerN.…}) and the parameter's name. */
    private static void named(Module module, String side, Map<String, Tensor> out) {
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            String name = e.getKey();
            String layer = name.matches("layer[0-9]+\\..*") ? name.substring(5, name.indexOf('.'))
                    : side.equals("q") ? "1" : "0";                                  // A: q(z | x), p(x | z)
            out.put(side + layer + "/" + name, e.getValue().value());
        }
    }

    private static TrainConfig a(String credit) {
        return TestSupport.tiny(ObjectiveKind.COMBINED, 3).with("credit", credit);
    }

    private static TrainConfig b(String credit) {
        return TrainConfig.defaults("hierarchical").with(Map.of("batchSize", 8, "steps", 3L, "width", 0.125, "seed", 2L,
                "threads", 1, "credit", credit));
    }

    @Test
    void architectureA() {
        assertEquals(Set.of("x→p0", "z→q1"), reached(a("local"), 2));
        assertEquals(Set.of("x→p0", "x→q1", "z→q1"), reached(a("local-loop"), 2));
        assertEquals(Set.of("x→p0", "x→q1", "z→q1"), reached(a("backprop"), 2), "backprop reaches across the layers");
        assertEquals(Set.of("x→p0", "z→q1"),
                reached(a("local").with("objective", ObjectiveKind.OSCILLATION), 2));
    }

    @Test
    void architectureB() {
        // layers x, h1 … h4, z: layer l is produced by q_l (l ≥ 1) and p_l (l ≤ 4)
        List<String> local = new ArrayList<>(List.of("x→p0", "z→q5"));
        List<String> loop = new ArrayList<>(List.of("x→p0", "x→q1", "z→q5"));
        for (int l = 1; l <= 4; l++) {
            local.addAll(List.of("h" + l + "→q" + l, "h" + l + "→p" + l));
            loop.addAll(List.of("h" + l + "→q" + l, "h" + l + "→p" + l, "h" + l + "→q" + (l + 1)));
        }
        assertEquals(new TreeSet<>(local), reached(b("local"), 2));
        assertEquals(new TreeSet<>(loop), reached(b("local-loop"), 2));
        Set<String> backprop = reached(b("backprop"), 2);
        assertTrue(backprop.contains("x→q5") && backprop.contains("h1→q4"), "backprop reaches across the layers: " + backprop);
    }

    @Test
    void wakeSleepHasNoLocalCredit() {
        String err = TestSupport.userError("train", "--objective", "wake-sleep", "--credit", "local", "--steps", "1");
        assertTrue(err.contains("--credit local needs a critic per layer"), err);
        assertTrue(TestSupport.userError("train", "--credit", "global").contains("--credit must be backprop, local or local-loop"));
        assertTrue(TestSupport.userError("train", "--recipe", "moving-mnist", "--credit", "local")
                .contains("--credit has no effect on the moving-mnist recipe"));
    }

    /** The option at its default trains exactly as a run without it: metrics (but time) and weights. */
    @Test
    void backpropIsTheRunWithoutTheOption(@TempDir Path dir) throws Exception {
        String[] common = {"--steps", "6", "--batch-size", "16", "--hidden", "32", "--seed", "3", "--threads", "1", "--log-every", "2"};
        List<String> plain = new ArrayList<>(List.of("train", "--out", dir.resolve("plain").toString()));
        plain.addAll(List.of(common));
        List<String> given = new ArrayList<>(List.of("train", "--out", dir.resolve("given").toString(), "--credit", "backprop"));
        given.addAll(List.of(common));
        TestSupport.stdout(plain.toArray(new String[0]));
        TestSupport.stdout(given.toArray(new String[0]));
        assertEquals(withoutTime(dir.resolve("plain/metrics.jsonl")), withoutTime(dir.resolve("given/metrics.jsonl")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain/checkpoints/step-00000006/weights.safetensors")),
                Files.readAllBytes(dir.resolve("given/checkpoints/step-00000006/weights.safetensors")));
    }

    private static List<String> withoutTime(Path metrics) throws Exception {
        return Files.readAllLines(metrics).stream().map(l -> l.replaceAll("\"time_s\":[0-9.eE+-]+,", "")).toList();
    }
}
