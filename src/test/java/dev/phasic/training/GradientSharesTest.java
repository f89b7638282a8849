package dev.phasic.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasic.TestSupport;
import dev.phasic.objectives.GradientShares;
import dev.phasic.objectives.Losses;
import dev.phasic.torch.Native;
import dev.phasic.torch.Ops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --gradient-shares}: each weighted term's gradient per network, its norm and its
 * share {@code ⟨g_i, g⟩/‖g‖²}, against hand-computed gradients; the network's norm is that of
 * the gradient the update then steps on; a training run with the option logs them and is
 * otherwise byte-identical to one without.
 */
class GradientSharesTest {
    private static final Device CPU = new Device("cpu");

    @TempDir
    Path dir;

    @Test
    void normsAndSharesOfHandMadeTerms() {
        Native.init();
        Tensor first = Ops.fromFloats(new float[] {1, 2, 3}, CPU, 3).requires_grad_(true);
        Tensor second = Ops.fromFloats(new float[] {0.5f, -1}, CPU, 2).requires_grad_(true);
        // a = Σ first² + 4·second[0]; b = 3·Σ first (does not reach second); c weighs 0
        Tensor a = first.square().sum().add(second.narrow(0, 0, 1).sum().mul(new Scalar(4.0)));
        Tensor b = first.sum().mul(new Scalar(3.0));
        Tensor c = second.square().sum();
        Map<String, Tensor> terms = new LinkedHashMap<>(Map.of("a", a, "b", b, "c", c));
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("a", 2.0);
        weights.put("b", 0.5);
        weights.put("c", 0.0);
        Tensor total = Ops.mul(a, 2.0).add(Ops.mul(b, 0.5));
        Map<String, List<Tensor>> networks = new LinkedHashMap<>();
        networks.put("first", List.of(first));
        networks.put("second", List.of(second));
        Map<String, Double> m = GradientShares.measure(new Losses(total, terms, weights), networks);

        double[] ga = {4, 8, 12}, gb = {1.5, 1.5, 1.5}, g = {5.5, 9.5, 13.5};
        assertEquals(Math.sqrt(dot(ga, ga)), m.get("gradient.a.first.norm"), 1e-5);
        assertEquals(Math.sqrt(dot(gb, gb)), m.get("gradient.b.first.norm"), 1e-5);
        assertEquals(dot(ga, g) / dot(g, g), m.get("gradient.a.first.share"), 1e-6);
        assertEquals(dot(gb, g) / dot(g, g), m.get("gradient.b.first.share"), 1e-6);
        assertEquals(8.0, m.get("gradient.a.second.norm"), 1e-6);
        assertEquals(1.0, m.get("gradient.a.second.share"), 1e-6);
        assertEquals(0.0, m.get("gradient.b.second.norm"), 0.0);
        assertEquals(0.0, m.get("gradient.c.second.norm"), 0.0);
        assertEquals(0.0, m.get("gradient.c.second.share"), 0.0);
        // the graph is kept: the update's own backward pass still runs, and steps on the gradient measured
        total.backward();
        assertEquals(Math.sqrt(dot(g, g)), m.get("gradient.first.norm"), 1e-5);
        assertEquals(norm(first.grad()), m.get("gradient.first.norm"), 1e-5);
        assertEquals(norm(second.grad()), m.get("gradient.second.norm"), 1e-5);
    }

    @Test
    void aRunLogsTheSharesAndOtherwiseTrainsTheSame() throws Exception {
        String[] common = {"--steps", "6", "--batch-size", "16", "--hidden", "32", "--log-every", "3", "--seed", "3", "--threads", "1"};
        List<String> plain = new ArrayList<>(List.of("train", "--out", dir.resolve("plain").toString()));
        plain.addAll(List.of(common));
        List<String> shares = new ArrayList<>(List.of("train", "--out", dir.resolve("shares").toString(), "--gradient-shares"));
        shares.addAll(List.of(common));
        TestSupport.stdout(plain.toArray(new String[0]));
        TestSupport.stdout(shares.toArray(new String[0]));
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain/checkpoints/step-00000006/weights.safetensors")),
                Files.readAllBytes(dir.resolve("shares/checkpoints/step-00000006/weights.safetensors")));
        ObjectMapper json = new ObjectMapper();
        List<String> withShares = Files.readAllLines(dir.resolve("shares/metrics.jsonl"));
        List<String> without = Files.readAllLines(dir.resolve("plain/metrics.jsonl"));
        assertEquals(without.size(), withShares.size());
        for (int i = 0; i < without.size(); i++) {
            ObjectNode line = (ObjectNode) json.readTree(withShares.get(i));
            for (String network : List.of("inference", "generation")) {
                double sum = 0;
                int n = 0;
                for (var it = line.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (key.endsWith("." + network + ".share")) {
                        sum += line.get(key).asDouble();
                        n++;
                    }
                }
                assertTrue(n >= 3, "terms with a share of " + network + ": " + n + " in " + line);
                assertEquals(1.0, sum, 1e-3, network + "'s shares sum to 1 in " + line);
                assertTrue(line.get("gradient." + network + ".norm").asDouble() > 0, line.toString());
            }
            assertTrue(line.has("gradient.network.x.distance.generation.share"), line.toString());
            line.remove(new ArrayList<>(iterable(line)).stream().filter(k -> k.startsWith("gradient.") || k.equals("time_s")).toList());
            ObjectNode before = (ObjectNode) json.readTree(without.get(i));
            before.remove("time_s");
            assertEquals(before, line);
        }
    }

    @Test
    void aResumedRunMayStartMeasuringAndTrainsTheSame() throws Exception {
        TestSupport.stdout("train", "--out", dir.resolve("run").toString(), "--steps", "3", "--batch-size", "16", "--hidden", "32",
                "--log-every", "3", "--seed", "5", "--threads", "1");
        for (String copy : List.of("plain", "shares")) {
            TestSupport.copyTree(dir.resolve("run"), dir.resolve(copy));
            Files.deleteIfExists(dir.resolve(copy).resolve("lock"));
        }
        TestSupport.stdout("train", "--resume", dir.resolve("plain").toString(), "--steps", "6");
        TestSupport.stdout("train", "--resume", dir.resolve("shares").toString(), "--steps", "6", "--gradient-shares");
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain/checkpoints/step-00000006/weights.safetensors")),
                Files.readAllBytes(dir.resolve("shares/checkpoints/step-00000006/weights.safetensors")));
        List<String> lines = Files.readAllLines(dir.resolve("shares/metrics.jsonl"));
        assertTrue(!lines.get(0).contains("gradient.") && lines.get(lines.size() - 1).contains("\"gradient.generation.norm\""), lines.toString());
        assertTrue(TestSupport.userError("train", "--resume", dir.resolve("plain").toString(), "--steps", "9", "--beta", "2")
                .contains("--threads and --gradient-shares may change"));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }

    private static double norm(Tensor t) {
        float[] v = Ops.toFloats(t);
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }
}
