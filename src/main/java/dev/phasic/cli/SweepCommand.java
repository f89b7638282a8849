package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.evaluation.Classifiers;
import dev.phasic.io.Json;
import dev.phasic.io.Progress;
import dev.phasic.torch.Devices;
import dev.phasic.torch.Native;
import dev.phasic.data.Mnist;
import dev.phasic.training.Checkpoint;
import dev.phasic.training.OptionGroups;
import dev.phasic.training.Recipe;
import dev.phasic.training.StopSignal;
import dev.phasic.training.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine;

/**
 * {@code phasic sweep}: a grid of {@code phasic train} runs (every combination of the
 * {@code --vary} values, on top of any train options), each trained and evaluated in its
 * own process into one folder, {@code --parallel K} at a time with the cores split between
 * them, and compared at the end ({@code DIR/comparison.html}). Started again, it skips what
 * is finished and resumes what is not; a signal stops its runs as it stops one run, and a
 * run whose sweep was killed stops itself (it watches its parent).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train and evaluate a grid of runs (e.g. objectives × seeds) into one folder, resumably, K at a time, "
                + "and compare them; any other option is passed to phasic train.")
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep's folder: one run directory per grid point, logs/, comparison.html.")
    Path out;
    @Option(names = "--vary", required = true, paramLabel = "NAME=V1,V2,…", description = "A train option (without its dashes, or as config.json names it) and its values, "
            + "comma-separated; integers also as a range A..B (e.g. seed=1..5). Repeat for a grid.")
    List<String> vary;
    @Option(names = "--parallel", paramLabel = "K", description = "Runs at a time, the cores split between them (default 1).")
    int parallel = 1;
    @Option(names = "--print", description = "Print the phasic train and phasic evaluate commands, one per line, instead of running them.")
    boolean print;
    @Option(names = "--evaluate", paramLabel = "ARGS", description = "Options for each phasic evaluate, e.g. \"--n 1000\" (default none).")
    String evaluate = "";
    @Unmatched List<String> trainArgs = new ArrayList<>();

    /** One grid point: its directory name and the train options it adds. */
    record Point(String name, List<String> args) {}

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) throw new UserError("--parallel must be ≥ 1, found " + parallel);
        for (String a : trainArgs) {
            if (a.equals("--out") || a.equals("--resume") || a.equals("--nproc") || a.startsWith("--out=") || a.startsWith("--resume=")) {
                throw new UserError("sweep sets each run's --out itself and runs it in one process; " + a + " is not a sweep option");
            }
        }
        Map<String, List<String>> values = parse(vary);
        List<Point> grid = grid(values);
        boolean threadsGiven = trainArgs.stream().anyMatch(a -> a.equals("--threads") || a.startsWith("--threads="));
        int threads = threadsGiven ? 0 : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);   // 0: as given
        List<TrainConfig> configs = new ArrayList<>();
        for (Point p : grid) configs.add(configOf(trainArgs(p, threads)));   // every point checked before any starts
        if (print) {
            for (Point p : grid) {
                System.out.println("phasic train " + String.join(" ", trainArgs(p, threads)));
                System.out.println("phasic evaluate " + out.resolve(p.name()) + (evaluate.isBlank() ? "" : " " + evaluate.trim()));
            }
            return 0;
        }
        Files.createDirectories(out.resolve("logs"));
        warmClassifiers(configs);
        return run(grid, configs, threads, values.keySet());
    }

    /** NAME → values, in the order given. */
    static Map<String, List<String>> parse(List<String> vary) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq < 1 || eq == v.length() - 1) throw new UserError("--vary takes NAME=V1,V2,…, found " + v);
            String name = optionName(v.substring(0, eq).replaceFirst("^--", ""));
            if (out.containsKey(name)) throw new UserError("--vary " + name + " is given twice");
            List<String> values = new ArrayList<>();
            for (String s : v.substring(eq + 1).split(",")) values.addAll(range(s.trim()));
            if (new LinkedHashSet<>(values).size() != values.size()) throw new UserError("--vary " + name + " repeats a value");
            out.put(name, values);
        }
        return out;
    }

    private static List<String> range(String s) {
        Matcher m = Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)").matcher(s);
        if (!m.matches()) {
            if (s.isEmpty()) throw new UserError("--vary: an empty value");
            return List.of(s);
        }
        long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(2));
        if (b < a || b - a > 999) throw new UserError("--vary: the range " + s + " must run upwards over at most 1000 values");
        List<String> out = new ArrayList<>();
        for (long i = a; i <= b; i++) out.add(Long.toString(i));
        return out;
    }

    /** Every combination, the first --vary outermost. */
    static List<Point> grid(Map<String, List<String>> vary) {
        List<Point> points = List.of(new Point("", List.of()));
        for (Map.Entry<String, List<String>> e : vary.entrySet()) {
            List<Point> next = new ArrayList<>();
            for (Point p : points) {
                for (String v : e.getValue()) {
                    List<String> args = new ArrayList<>(p.args());
                    if (e.getKey().equals("no-recurrence")) {
                        if (Boolean.parseBoolean(v)) args.add("--no-recurrence");
                    } else {
                        args.add("--" + e.getKey());
                        args.add(v);
                    }
                    String part = e.getKey() + "-" + v.replaceAll("[^A-Za-z0-9.+-]", "_");
                    next.add(new Point(p.name().isEmpty() ? part : p.name() + "_" + part, args));
                }
            }
            points = next;
        }
        return points;
    }

    private List<String> trainArgs(Point p, int threads) {
        List<String> args = new ArrayList<>(trainArgs);
        args.addAll(p.args());
        args.add("--out");
        args.add(out.resolve(p.name()).toString());
        if (threads > 0) {
            args.add("--threads");
            args.add(Integer.toString(threads));
        }
        return args;
    }

    /** The configuration {@code phasic train} would build from these options, or its one-line refusal. */
    private static TrainConfig configOf(List<String> args) {
        TrainCommand train = new TrainCommand();
        CommandLine cli = new CommandLine(train);
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UserError("train: " + e.getMessage());
        }
        return train.config();
    }

    /** The independent classifier each dataset's evaluations share, trained here once before runs start in parallel. */
    private static void warmClassifiers(List<TrainConfig> configs) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        for (TrainConfig c : configs) {
            Recipe recipe = Recipe.of(c.recipe());
            if (recipe.predictsVideo() || !seen.add(c.recipe() + "|" + c.run().data() + "|" + c.network().imageSize())) continue;
            Native.init();
            Mnist.Splits data = recipe.data(c);
            Classifiers.forData(data.train(), data.test(), Devices.parse("cpu"), System.err);
        }
    }

    /** Whether a point's run has trained to its length (a checkpoint at its last step). */
    private static boolean trained(Path run, TrainConfig config) {
        if (config.optimiser().steps() <= 0) return Files.isRegularFile(run.resolve("eval").resolve("metrics.json"));
        try {
            Path latest = Checkpoint.hasCheckpoint(run) ? Checkpoint.latest(run) : null;
            return latest != null && Checkpoint.readState(latest).step() >= config.optimiser().steps();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private int run(List<Point> grid, List<TrainConfig> configs, int threads, Set<String> varied) throws Exception {
        List<Job> todo = new ArrayList<>();
        int finished = 0;
        for (int i = 0; i < grid.size(); i++) {
            Path dir = out.resolve(grid.get(i).name());
            if (Files.isRegularFile(dir.resolve("eval").resolve("metrics.json")) && trained(dir, configs.get(i))) finished++;
            else todo.add(new Job(grid.get(i), configs.get(i), dir));
        }
        System.err.printf("sweep: %d runs in %s, %d finished before, %d to do, %d at a time%n", grid.size(), out, finished, todo.size(), parallel);
        List<Job> running = new CopyOnWriteArrayList<>();
        long startNanos = System.nanoTime();
        double before = finished;
        for (Job j : todo) before += j.fraction();                            // resumed runs' earlier steps are no speed
        long lastLine = 0;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(j -> j.process.destroyForcibly())));
        boolean forwarded = false;
        List<String> failed = new ArrayList<>();
        while (!todo.isEmpty() || !running.isEmpty()) {
            if (StopSignal.requested() && !forwarded) {
                running.forEach(j -> j.process.destroy());                   // SIGTERM: each run checkpoints and stops
                todo.clear();
                forwarded = true;
            }
            while (!forwarded && running.size() < parallel && !todo.isEmpty()) {
                Job j = todo.remove(0);
                j.start(threads);
                running.add(j);
            }
            for (Job j : List.copyOf(running)) {
                if (j.process.isAlive()) continue;
                int code = j.process.exitValue();
                if (code == 0 && !j.evaluating && !forwarded) {
                    j.evaluate();
                } else {
                    running.remove(j);
                    if (code == 0) finished++;
                    else if (!StopSignal.isStopCode(code) || !forwarded) failed.add(j.point.name() + " (exit " + code + ", see " + j.log + ")");
                }
            }
            long now = System.nanoTime();
            if (now - lastLine > 10_000_000_000L || (todo.isEmpty() && running.isEmpty())) {
                double done = finished;
                for (Job j : running) done += j.fraction();
                double elapsed = (now - startNanos) / 1e9, gained = done - before;
                long eta = gained > 0 ? Math.round(elapsed / gained * (grid.size() - done)) : -1;
                System.err.printf("sweep: %d/%d finished, %d running, %d failed, ETA %s%n", finished, grid.size(), running.size(),
                        failed.size(), eta < 0 ? "?" : Progress.clock(eta));
                lastLine = now;
            }
            Thread.sleep(200);
        }
        if (forwarded) {
            System.err.println("phasic: sweep stopped on " + StopSignal.name() + "; run the same command again to go on");
            return StopSignal.exitCode();
        }
        if (!failed.isEmpty()) {
            System.err.println("phasic: " + failed.size() + " of " + grid.size() + " runs failed: " + String.join("; ", failed));
            return 1;
        }
        List<String> compare = new ArrayList<>(List.of("compare", "--out", out.resolve("comparison").toString()));
        List<String> groups = new ArrayList<>();                             // the grid's options but the seed, as config.json names them
        for (String name : varied) if (!name.equals("seed")) groups.add(recordName(name));
        if (!groups.isEmpty()) compare.addAll(List.of("--group-by", String.join(",", groups)));
        for (Point p : grid) compare.add(out.resolve(p.name()).toString());
        return Main.run(compare.toArray(String[]::new));
    }

    /** The train option (without dashes) of a config.json name ({@code lrCritic} → {@code lr-critic}); any other name as it is. */
    static String optionName(String name) {
        for (OptionGroups.Leaf leaf : OptionGroups.LEAVES) {
            if (leaf.cli() != null && !leaf.cli().negated() && leaf.name().equals(name)) return leaf.cli().name().substring(2);
        }
        return name;
    }

    /** The config.json name of a train option ({@code lr-critic} → {@code lrCritic}), from the options' own table. */
    static String recordName(String option) {
        for (OptionGroups.Leaf leaf : OptionGroups.LEAVES) {
            if (leaf.cli() != null && leaf.cli().name().equals("--" + option)) return leaf.name();
        }
        return option;                                                      // --steps, --epochs: their own names
    }

    /** One grid point's processes: train (or resume), then evaluate. */
    private final class Job {
        final Point point;
        final TrainConfig config;
        final Path dir;
        final Path log;
        Process process;
        boolean evaluating;

        Job(Point point, TrainConfig config, Path dir) {
            this.point = point;
            this.config = config;
            this.dir = dir;
            this.log = out.resolve("logs").resolve(point.name() + ".log");
        }

        void start(int threads) throws IOException {
            if (trained(dir, config)) {
                evaluate();
            } else if (Files.isRegularFile(dir.resolve("config.json"))) {
                launch(List.of("train", "--resume", dir.toString()));
            } else {
                List<String> args = new ArrayList<>(List.of("train"));
                args.addAll(trainArgs(point, threads));
                launch(args);
            }
        }

        void evaluate() throws IOException {
            evaluating = true;
            List<String> args = new ArrayList<>(List.of("evaluate", dir.toString()));
            if (!evaluate.isBlank()) args.addAll(List.of(evaluate.trim().split("\\s+")));
            launch(args);
        }

        private void launch(List<String> args) throws IOException {
            List<String> command = Launcher.phasicCommand();
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put(StopSignal.PARENT_VARIABLE, Long.toString(ProcessHandle.current().pid()));
            process = pb.start();
        }

        /** The share of this point done: its training's last logged step over its length (evaluation counts as done). */
        double fraction() {
            if (evaluating) return 0.95;
            long total = config.optimiser().steps();
            Path metrics = dir.resolve("metrics.jsonl");
            if (total <= 0 || !Files.isRegularFile(metrics)) return 0;
            try (Stream<String> lines = Files.lines(metrics)) {
                String last = lines.reduce((a, b) -> b).orElse("");
                if (last.isEmpty()) return 0;
                return 0.95 * Math.min(1, Json.MAPPER.readTree(last).path("step").asDouble() / total);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
