package dev.phasic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasic.Choice;
import dev.phasic.UserError;
import dev.phasic.evaluation.Comparison;
import dev.phasic.evaluation.Spread;
import dev.phasic.report.Charts;
import dev.phasic.report.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phasic compare RUN_DIR…}: the evaluation metrics side by side; runs that share their
 * options but the seed are grouped ({@code --group-by} names the options), each metric given
 * as mean, standard deviation and 95% interval per group, and every two groups compared by
 * Welch's t test with Holm's correction; charts with error bars and an HTML page beside.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print evaluated runs side by side, grouped by the options that differ (mean, sd, 95%% interval, "
                + "Welch's t test with Holm's correction), and write charts (PNG) and a page (HTML).")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", arity = "1..*") List<Path> runs;
    @Option(names = "--out", description = "File prefix (default comparison: comparison.png, comparison-divergences.png, comparison.html).")
    String out = "comparison";
    @Option(names = "--group-by", split = ",", paramLabel = "NAME", description = "Group by these config.json options "
            + "(default: every option that differs between the runs except seed, threads, device and logging).")
    List<String> groupBy = new ArrayList<>();
    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "The metrics to test between groups (default: all).")
    List<String> tested = new ArrayList<>();
    @Option(names = "--alternative", description = "Welch's test: two-sided (default), greater or less (mean of the first group against the second).")
    String alternative = "two-sided";

    private enum Side implements Choice { TWO_SIDED, GREATER, LESS }

    private static final Predicate<String> UNIT = k -> k.contains("accuracy") || k.contains("agreement");
    private static final Predicate<String> DIVERGENCE = k -> k.startsWith("berkes_kl") || k.startsWith("berkes_floor") || k.equals("sample_frechet");

    @Override
    public Integer call() throws Exception {
        Spread.Alternative side = Spread.Alternative.valueOf(Choice.parse(Side.class, alternative, "--alternative").name());
        ObjectMapper json = new ObjectMapper();
        List<Comparison.Run> loaded = new ArrayList<>();
        for (Path run : runs) {
            Path file = run.resolve("eval").resolve("metrics.json");
            if (!Files.isRegularFile(file)) throw new UserError("no evaluation in " + run + ": run phasic evaluate " + run + " first");
            if (!Files.isRegularFile(run.resolve("config.json"))) throw new UserError("not a run directory (no config.json): " + run);
            loaded.add(Comparison.Run.of(run, json.readTree(run.resolve("config.json").toFile()), json.readTree(file.toFile())));
        }
        Comparison c = Comparison.of(loaded, groupBy);
        for (String m : tested) if (!c.metrics().contains(m)) throw new UserError("--metrics: no run has the metric '" + m + "'");
        Page page = new Page("Comparison of " + loaded.size() + " runs");
        sideBySide(loaded, page);
        boolean grouped = !groupBy.isEmpty() || c.groups().size() < loaded.size();
        if (grouped) groups(c, side, page);
        charts(c, loaded, grouped, page);
        Path html = Path.of(out + ".html");
        page.write(html);
        System.out.println("page: " + html);
        return 0;
    }

    /** One column per run, as evaluated. */
    private static void sideBySide(List<Comparison.Run> loaded, Page page) {
        List<String> names = loaded.stream().map(r -> r.dir().getFileName() + " (" + r.option("objective") + ")").toList();
        List<String> keys = new ArrayList<>();
        loaded.forEach(r -> r.metrics().keySet().forEach(k -> { if (!keys.contains(k)) keys.add(k); }));
        int width = Math.max(14, names.stream().mapToInt(String::length).max().orElse(14));
        StringBuilder header = new StringBuilder(String.format("%-34s", "metric"));
        for (String n : names) header.append(String.format(" %" + width + "s", n));
        System.out.println(header);
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys) {
            StringBuilder row = new StringBuilder(String.format("%-34s", k));
            List<String> cells = new ArrayList<>(List.of(k));
            for (Comparison.Run r : loaded) {
                Double v = r.metrics().get(k);
                String text = v == null ? "-" : String.format("%.4f", v);
                row.append(String.format(" %" + width + "s", text.length() > width ? text.substring(0, width - 1) + "…" : text));
                cells.add(text);
            }
            System.out.println(row);
            rows.add(cells);
        }
        List<String> head = new ArrayList<>(List.of("metric"));
        head.addAll(names);
        page.heading("Runs").table(head, rows);
    }

    /** Per group: mean ± half-width of the 95% interval (n); then every pair of groups per metric. */
    private void groups(Comparison c, Spread.Alternative side, Page page) {
        System.out.println();
        System.out.println("groups by " + (c.factors().isEmpty() ? "nothing (every run differs only by its seed)" : String.join(", ", c.factors()))
                + "; each cell: mean ± half-width of the 95% interval (Student's t), sd, n");
        List<List<String>> rows = new ArrayList<>();
        for (int g = 0; g < c.groups().size(); g++) {
            Comparison.Group group = c.groups().get(g);
            System.out.printf("  G%d  %s  (%d runs: %s)%n", g + 1, group.name(), group.runs().size(),
                    String.join(", ", group.runs().stream().map(r -> r.dir().getFileName().toString()).toList()));
        }
        for (String m : c.metrics()) {
            StringBuilder row = new StringBuilder(String.format("%-34s", m));
            List<String> cells = new ArrayList<>(List.of(m));
            for (Spread.Summary s : c.summaries(m)) {
                String text = s.n() == 0 ? "-" : s.hasInterval()
                        ? String.format("%.4f ± %.4f, sd %.4f, n %d", s.mean(), (s.high() - s.low()) / 2, s.sd(), s.n())
                        : String.format("%.4f (one run: no interval)", s.mean());
                row.append(String.format("  %-44s", text));
                cells.add(text);
            }
            System.out.println(row);
            rows.add(cells);
        }
        List<String> head = new ArrayList<>(List.of("metric"));
        for (int g = 0; g < c.groups().size(); g++) head.add("G" + (g + 1) + ": " + c.groups().get(g).name());
        page.heading("Groups").text("Grouped by " + String.join(", ", c.factors()) + ". Each cell: mean ± half-width of the "
                + "95% confidence interval (Student's t), the standard deviation and the number of runs (seeds).").table(head, rows);
        List<List<String>> tests = new ArrayList<>();
        System.out.println();
        System.out.println("Welch's t test (" + alternative + "), mean(first) − mean(second), Holm-adjusted across the pairs of each metric:");
        for (String m : tested.isEmpty() ? c.metrics() : tested) {
            for (Comparison.Pair p : c.pairs(m, side)) {
                String line = String.format("  %-34s G%d − G%d = %+.4f  t %.3f  df %.1f  p %.4g  Holm p %.4g", m,
                        c.groups().indexOf(p.a()) + 1, c.groups().indexOf(p.b()) + 1, p.difference(), p.test().t(), p.test().df(),
                        p.test().p(), p.holm());
                System.out.println(line);
                tests.add(List.of(m, p.a().name(), p.b().name(), String.format("%+.4f", p.difference()), String.format("%.3f", p.test().t()),
                        String.format("%.1f", p.test().df()), String.format("%.4g", p.test().p()), String.format("%.4g", p.holm())));
            }
        }
        if (tests.isEmpty()) System.out.println("  (no two groups with at least two runs each: nothing to test)");
        page.heading("Differences between groups").text("Welch's t test, " + alternative + ", of mean(first) − mean(second); "
                + "p-values adjusted by Holm's method across the pairs of each metric.")
                .table(List.of("metric", "first", "second", "difference", "t", "df", "p", "Holm p"), tests);
    }

    /** The two comparison charts: per run, or per group with 95% intervals as error bars. */
    private void charts(Comparison c, List<Comparison.Run> loaded, boolean grouped, Page page) throws IOException {
        Path a = Path.of(out + ".png"), b = Path.of(out + "-divergences.png");
        if (grouped) {
            Charts.errorBars(a, "Accuracies and agreement (higher is better), 95% intervals", byGroup(c, UNIT));
            Charts.errorBars(b, "Divergences (lower is better), 95% intervals", byGroup(c, DIVERGENCE));
        } else {
            Charts.bars(a, "Accuracies and agreement (higher is better)", byRun(loaded, UNIT));
            Charts.bars(b, "Divergences (lower is better)", byRun(loaded, DIVERGENCE));
        }
        page.figure(a, "accuracies and agreement").figure(b, "divergences");
        System.out.println("charts: " + a + ", " + b);
    }

    private static Map<String, Map<String, Double>> byRun(List<Comparison.Run> loaded, Predicate<String> which) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Comparison.Run r : loaded) {
            String name = r.dir().getFileName() + " (" + r.option("objective") + ")";
            r.metrics().forEach((k, v) -> { if (which.test(k)) out.computeIfAbsent(name, x -> new LinkedHashMap<>()).put(k, v); });
        }
        return out;
    }

    private static Map<String, Map<String, double[]>> byGroup(Comparison c, Predicate<String> which) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (String m : c.metrics()) {
            if (!which.test(m)) continue;
            List<Spread.Summary> s = c.summaries(m);
            for (int g = 0; g < s.size(); g++) {
                Spread.Summary x = s.get(g);
                if (x.n() == 0) continue;
                out.computeIfAbsent(c.groups().get(g).name(), k -> new LinkedHashMap<>()).put(m, new double[] {x.mean(), (x.high() - x.low()) / 2});
            }
        }
        return out;
    }
}
