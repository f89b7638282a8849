package dev.phasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.UserError;
import dev.phasic.report.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phasic compare RUN_DIR…}: the evaluation metrics side by side, and two comparison charts. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print evaluated runs side by side and write comparison charts (PNG).")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", arity = "1..*") List<Path> runs;
    @Option(names = "--out", description = "Chart file prefix (default comparison: comparison.png, comparison-divergences.png).")
    String out = "comparison";

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> metrics = new LinkedHashMap<>();
        for (Path run : runs) {
            Path file = run.resolve("eval").resolve("metrics.json");
            if (!Files.isRegularFile(file)) throw new UserError("no evaluation in " + run + ": run phasic evaluate " + run + " first");
            JsonNode config = json.readTree(run.resolve("config.json").toFile());
            String name = run.getFileName() + " (" + config.path("objective").asText().toLowerCase().replace('_', '-') + ")";
            metrics.put(name, json.readTree(file.toFile()));
        }
        Set<String> keys = new LinkedHashSet<>();
        metrics.values().forEach(m -> m.fieldNames().forEachRemaining(keys::add));
        List<String> names = new ArrayList<>(metrics.keySet());
        int width = Math.max(14, names.stream().mapToInt(String::length).max().orElse(14));
        StringBuilder header = new StringBuilder(String.format("%-34s", "metric"));
        for (String n : names) header.append(String.format(" %" + width + "s", n));
        System.out.println(header);
        Map<String, Map<String, Double>> unit = new LinkedHashMap<>(), divergence = new LinkedHashMap<>();
        for (String k : keys) {
            StringBuilder row = new StringBuilder(String.format("%-34s", k));
            for (String n : names) {
                JsonNode v = metrics.get(n).get(k);
                String text = v == null ? "-" : v.isNumber() ? String.format("%.4f", v.asDouble()) : v.toString();
                row.append(String.format(" %" + width + "s", text.length() > width ? text.substring(0, width - 1) + "…" : text));
                if (v != null && v.isNumber()) {
                    boolean isUnit = k.contains("accuracy") || k.contains("agreement");
                    boolean isDivergence = k.startsWith("berkes_kl") || k.startsWith("berkes_floor") || k.equals("sample_frechet");
                    if (isUnit) unit.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(k, v.asDouble());
                    if (isDivergence) divergence.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(k, v.asDouble());
                }
            }
            System.out.println(row);
        }
        Path a = Path.of(out + ".png"), b = Path.of(out + "-divergences.png");
        Charts.bars(a, "Accuracies and agreement (higher is better)", unit);
        Charts.bars(b, "Divergences (lower is better)", divergence);
        System.out.println("charts: " + a + ", " + b);
        return 0;
    }
}
