package dev.phasic.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasic.evaluation.Spread;
import dev.phasic.io.AtomicFile;
import dev.phasic.io.Json;
import dev.phasic.report.Charts;
import dev.phasic.report.Page;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One experiment repeated over seeds (or over given runs), summarised: every number that
 * differs between the repeats becomes {@code {mean, sd, low, high, n}} (the 95% interval of
 * the mean, Student's t), curves (lists of rows) are summarised row by row, and what every
 * repeat shares (settings, steps) is kept as it is. Writes {@code metrics.json}, a table of
 * every summarised number and one chart per curve with its interval as a band
 * ({@code index.html}) beside the repeats' own folders.
 */
public final class OverSeeds {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OverSeeds() {}

    /** Summarises the {@code metrics.json} of each repeat folder into {@code out}; returns the summary. */
    public static JsonNode summarise(List<Path> repeats, List<String> names, Path out, String title, PrintStream log) throws IOException {
        List<JsonNode> trees = new ArrayList<>();
        for (Path r : repeats) trees.add(Json.MAPPER.readTree(r.resolve("metrics.json").toFile()));
        ObjectNode summary = NODES.objectNode();
        summary.put("repeats", repeats.size());
        ArrayNode which = summary.putArray("repeated_as");
        names.forEach(which::add);
        summary.set("summary", merge(trees));
        AtomicFile.createFolders(out);
        Json.write(out.resolve("metrics.json"), summary);
        List<List<String>> rows = page(summary.get("summary"), repeats, names, out, title);
        if (log != null) {
            log.println(title + " over " + repeats.size() + " repeats: mean [95% interval], sd, n");
            for (List<String> r : rows) log.printf("  %-58s %s, sd %s, n %s%n", r.get(0), r.get(1), r.get(2), r.get(3));
        }
        return summary;
    }

    /** The trees merged: equal values kept, numbers that differ summarised, objects key by key, lists element by element. */
    static JsonNode merge(List<JsonNode> nodes) {
        JsonNode first = nodes.get(0);
        if (nodes.stream().allMatch(first::equals)) return first;
        if (nodes.stream().allMatch(JsonNode::isNumber)) {
            double[] v = nodes.stream().mapToDouble(JsonNode::asDouble).toArray();
            Spread.Summary s = Spread.Summary.of(v);
            ObjectNode o = NODES.objectNode();
            o.put("mean", s.mean());
            o.put("sd", s.sd());
            o.put("low", s.low());
            o.put("high", s.high());
            o.put("n", s.n());
            return o;
        }
        if (nodes.stream().allMatch(JsonNode::isObject)) {
            Set<String> keys = new LinkedHashSet<>();
            nodes.forEach(n -> n.fieldNames().forEachRemaining(keys::add));
            ObjectNode o = NODES.objectNode();
            for (String k : keys) {
                List<JsonNode> present = nodes.stream().filter(n -> n.has(k)).map(n -> n.get(k)).toList();
                if (present.size() < nodes.size()) continue;
                if (k.equals("seed")) {                                               // which repeat, not a measurement
                    ArrayNode seeds = o.putArray("seeds");
                    present.forEach(seeds::add);
                } else {
                    o.set(k, merge(present));
                }
            }
            return o;
        }
        if (nodes.stream().allMatch(JsonNode::isArray)) {
            int length = nodes.stream().mapToInt(JsonNode::size).min().orElse(0);     // a repeat stopped early: the common part
            ArrayNode a = NODES.arrayNode();
            for (int i = 0; i < length; i++) {
                int at = i;
                a.add(merge(nodes.stream().map(n -> n.get(at)).toList()));
            }
            return a;
        }
        ArrayNode values = NODES.arrayNode();                                         // strings or mixed kinds: each repeat's
        nodes.forEach(values::add);
        return values;
    }

    private static boolean isSummary(JsonNode n) {
        return n.isObject() && n.has("mean") && n.has("low") && n.has("n") && n.size() == 5;
    }

    private static List<List<String>> page(JsonNode summary, List<Path> repeats, List<String> names, Path out, String title) throws IOException {
        Page page = new Page(title + " over " + repeats.size() + " repeats");
        page.text("Repeats: " + String.join(", ", names) + ". Each cell: the mean and its 95% interval (Student's t over the "
                + "repeats), the standard deviation and n; numbers every repeat shares are left out. Each repeat's own page: "
                + String.join(", ", repeats.stream().map(r -> out.relativize(r).resolve("index.html").toString()).toList()) + ".");
        List<List<String>> rows = new ArrayList<>();
        Map<String, ArrayNode> curves = new LinkedHashMap<>();
        walk(summary, "", rows, curves);
        page.table(List.of("quantity", "mean [95% interval]", "sd", "n"), rows);
        int k = 0;
        for (Map.Entry<String, ArrayNode> curve : curves.entrySet()) {
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            ArrayNode rowsOfCurve = curve.getValue();
            for (int i = 0; i < rowsOfCurve.size(); i++) {
                JsonNode row = rowsOfCurve.get(i);
                double x = row.has("step") && row.get("step").isNumber() ? row.get("step").asDouble() : i;
                for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (f.getKey().equals("step")) continue;
                    JsonNode v = f.getValue();
                    double[] p = isSummary(v) ? new double[] {x, v.get("mean").asDouble(), v.get("low").asDouble(), v.get("high").asDouble()}
                            : v.isNumber() ? new double[] {x, v.asDouble(), Double.NaN, Double.NaN} : null;
                    if (p != null) series.computeIfAbsent(f.getKey(), key -> new ArrayList<>()).add(p);
                }
            }
            if (series.isEmpty()) continue;
            Path png = out.resolve("curve-" + (++k) + ".png");
            Charts.bands(png, curve.getKey(), "step", "mean (band: 95% interval)", series);
            page.figure(png, curve.getKey());
        }
        page.write(out.resolve("index.html"));
        return rows;
    }

    /** Table rows for every summarised number; lists of rows (curves) by their path. */
    private static void walk(JsonNode n, String path, List<List<String>> rows, Map<String, ArrayNode> curves) {
        if (isSummary(n)) {
            Spread.Summary s = new Spread.Summary(n.get("n").asInt(), n.get("mean").asDouble(), n.get("sd").asDouble(),
                    n.get("low").asDouble(), n.get("high").asDouble());
            rows.add(List.of(path, s.hasInterval() ? String.format("%.4g [%.4g, %.4g]", s.mean(), s.low(), s.high())
                    : String.format("%.4g (one repeat: no interval)", s.mean()), String.format("%.3g", s.sd()), Integer.toString(s.n())));
        } else if (n.isObject()) {
            n.fields().forEachRemaining(f -> walk(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), rows, curves));
        } else if (n.isArray() && n.size() > 1 && n.get(0).isObject()) {
            curves.put(path, (ArrayNode) n);
            for (int i = 0; i < n.size(); i++) {                                // each point of the curve in the table too
                JsonNode step = n.get(i).get("step");
                walk(n.get(i), path + "[" + (step != null && step.isNumber() ? "step " + step.asLong() : i) + "]", rows, curves);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) walk(n.get(i), path + "[" + i + "]", rows, curves);
        }
    }
}
