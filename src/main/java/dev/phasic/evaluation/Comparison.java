package dev.phasic.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasic.UserError;
import dev.phasic.evaluation.Spread.Alternative;
import dev.phasic.evaluation.Spread.Summary;
import dev.phasic.evaluation.Spread.Welch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluated runs grouped by the options that tell them apart (seeds are what a group is made
 * of): every metric's spread per group ({@link Summary}) and, between every two groups, Welch's
 * t test with Holm's correction across the pairs of that metric.
 */
public final class Comparison {
    /**
     * Options that never name a group: the seed (what a group's runs differ by) and settings
     * that do not change what is learnt.
     */
    public static final Set<String> NOT_A_FACTOR = Set.of("seed", "threads", "device", "logEvery", "checkpointEvery", "evalEvery");

    /** One evaluated run: its directory, config.json and the numbers of eval/metrics.json. */
    public record Run(Path dir, JsonNode config, Map<String, Double> metrics) {
        /** A config.json value as the command line spells it ({@code COMBINED} → {@code combined}); "-" when absent. */
        public String option(String name) {
            JsonNode v = config.get(name);
            if (v == null || v.isNull()) return "-";
            String text = v.asText();
            return text.matches("[A-Z][A-Z_]*") ? text.toLowerCase(Locale.ROOT).replace('_', '-') : text;
        }

        public static Run of(Path dir, JsonNode config, JsonNode evalMetrics) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = evalMetrics.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) m.put(e.getKey(), e.getValue().asDouble());
            }
            return new Run(dir, config, m);
        }
    }

    /** Runs that share the grouping options, named by them ("objective=combined width=0.5"). */
    public record Group(String name, List<Run> runs) {
        /** The metric over the group's runs that have it. */
        public double[] values(String metric) {
            return runs.stream().map(r -> r.metrics().get(metric)).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** One pair of groups on one metric: the difference of means, Welch's test, and its Holm-adjusted p. */
    public record Pair(String metric, Group a, Group b, double difference, Welch test, double holm) {}

    private final List<Group> groups;
    private final List<String> factors;
    private final List<String> metrics;

    private Comparison(List<Group> groups, List<String> factors, List<String> metrics) {
        this.groups = groups;
        this.factors = factors;
        this.metrics = metrics;
    }

    /**
     * {@code runs} grouped by {@code by} (config.json names), or, when empty, by every option
     * whose value differs between the runs except {@link #NOT_A_FACTOR}; an unknown name is one line.
     */
    public static Comparison of(List<Run> runs, List<String> by) {
        List<String> factors = by.isEmpty() ? differing(runs) : by;
        for (String f : by) {
            if (runs.stream().noneMatch(r -> r.config().has(f))) throw new UserError("--group-by: no run's config.json has '" + f + "'");
        }
        Map<String, List<Run>> grouped = new LinkedHashMap<>();
        for (Run r : runs) {
            List<String> parts = new ArrayList<>();
            for (String f : factors) parts.add(f + "=" + r.option(f));
            grouped.computeIfAbsent(parts.isEmpty() ? "all runs" : String.join(" ", parts), k -> new ArrayList<>()).add(r);
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((name, rs) -> groups.add(new Group(name, rs)));
        Set<String> metrics = new LinkedHashSet<>();
        runs.forEach(r -> metrics.addAll(r.metrics().keySet()));
        return new Comparison(groups, factors, new ArrayList<>(metrics));
    }

    /** The options (config.json names) whose values are not the same in every run. */
    static List<String> differing(List<Run> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> r.config().fieldNames().forEachRemaining(names::add));
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (NOT_A_FACTOR.contains(n)) continue;
            if (runs.stream().map(r -> r.option(n)).distinct().count() > 1) out.add(n);
        }
        return out;
    }

    public List<Group> groups() {
        return groups;
    }

    public List<String> factors() {
        return factors;
    }

    public List<String> metrics() {
        return metrics;
    }

    /** The metric's spread in each group, in the groups' order. */
    public List<Summary> summaries(String metric) {
        return groups.stream().map(g -> Summary.of(g.values(metric))).toList();
    }

    /**
     * Every two groups with at least two values of {@code metric} each, Welch's test of
     * mean(a) − mean(b) against {@code alternative}, Holm-adjusted across these pairs.
     */
    public List<Pair> pairs(String metric, Alternative alternative) {
        List<Group[]> tested = new ArrayList<>();
        List<Welch> tests = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            for (int j = i + 1; j < groups.size(); j++) {
                double[] a = groups.get(i).values(metric), b = groups.get(j).values(metric);
                if (a.length < 2 || b.length < 2) continue;
                tested.add(new Group[] {groups.get(i), groups.get(j)});
                tests.add(Spread.welch(a, b, alternative));
            }
        }
        double[] holm = Spread.holm(tests.stream().mapToDouble(Welch::p).toArray());
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k < tests.size(); k++) {
            Group a = tested.get(k)[0], b = tested.get(k)[1];
            double difference = Summary.of(a.values(metric)).mean() - Summary.of(b.values(metric)).mean();
            out.add(new Pair(metric, a, b, difference, tests.get(k), holm[k]));
        }
        return out;
    }
}
