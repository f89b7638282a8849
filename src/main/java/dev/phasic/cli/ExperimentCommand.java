package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.evaluation.Overlap;
import dev.phasic.experiments.DevelopmentExperiment;
import dev.phasic.experiments.Lab;
import dev.phasic.experiments.OverSeeds;
import dev.phasic.experiments.PerturbationExperiment;
import dev.phasic.experiments.PopulationExperiment;
import dev.phasic.experiments.PopulationMethods;
import dev.phasic.experiments.SignalsExperiment;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.torch.Devices;
import dev.phasic.training.Runs;
import dev.phasic.training.Session;
import dev.phasic.training.Recipe;
import dev.phasic.training.TrainConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code phasic experiment …}: small experiments that test the paper's arguments. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a small experiment.",
        subcommands = {ExperimentCommand.Population.class, ExperimentCommand.Development.class, ExperimentCommand.Surprise.class,
                ExperimentCommand.OscillationPower.class, ExperimentCommand.Perturbation.class})
public final class ExperimentCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The recurrence problem in a population (the paper's §2.2): per-neuron prediction against critics. */
    @Command(name = "population", mixinStandardHelpOptions = true,
            description = "Per-neuron prediction vs global and local critics on a recurrent population, with a scaling study.")
    static final class Population implements Callable<Integer> {
        @Option(names = "--size", description = "Population size n (default 2: B → C).") Integer size;
        @Option(names = "--sizes", split = ",", description = "Scaling study over these sizes, e.g. 2,4,8,16,32,64.") List<Integer> sizes;
        @Option(names = "--method", description = "mse | global | local | all (default all).") String method = "all";
        @Option(names = "--seeds", description = "Seeds per method and size (default 2).") int seeds = 2;
        @Option(names = "--steps", description = "Adversarial training steps (default 2000).") int steps = 2000;
        @Option(names = "--device", description = "cpu, cuda or cuda:N (default cpu).") String device = "cpu";
        @Option(names = "--out", description = "Output folder (default runs/population-<time>).") Path out;

        @Override
        public Integer call() throws Exception {
            if (size != null && sizes != null) throw new UserError("give --size or --sizes, not both");
            List<Integer> n = sizes != null ? sizes : List.of(size == null ? 2 : size);
            for (int k : n) if (k < 1 || k > 256) throw new UserError("population sizes must lie in 1..256, found " + k);
            if (seeds < 1 || steps < 1) throw new UserError("--seeds and --steps must be ≥ 1");
            List<PopulationMethods.Method> methods = new ArrayList<>();
            switch (method) {
                case "all" -> methods.addAll(List.of(PopulationMethods.Method.values()));
                case "mse", "global", "local" -> methods.add(PopulationMethods.Method.valueOf(method.toUpperCase()));
                default -> throw new UserError("unknown method '" + method + "': expected mse, global, local or all");
            }
            Path dir = out != null ? out : Path.of("runs", "population-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            PopulationExperiment.run(new PopulationExperiment.Plan(n, methods, seeds, steps), dir, Devices.parse(device), System.err);
            System.out.println(dir.resolve("index.html"));
            return 0;
        }
    }

    /** The network the biological experiments train: a recipe's defaults on a dataset, seed and device. */
    static final class Network {
        @Option(names = "--recipe", description = "${sys:phasic.recipes.images}.") String recipe = TrainConfig.DEFAULT_RECIPE;
        @Option(names = "--objective", description = "wake-sleep | oscillation | combined (default combined).") String objective = "combined";
        @Option(names = "--data", description = "Training data as for phasic train (default: the embedded digits).") String data = "embedded";
        @Option(names = "--steps", description = "Training steps per network (default 1500).") long steps = 1500;
        @Option(names = "--seed", description = "Seed (default 1).") long seed = 1;
        @Option(names = "--seeds", description = "Repeat the experiment with K seeds (--seed, --seed + 1, …), each in DIR/seed-S, "
                + "and report every number as mean and 95%% interval over them, curves with a band (default 1).") int seeds = 1;
        @Option(names = "--credit", description = "backprop | local | local-loop, as for phasic train (default backprop).") String credit = "backprop";
        @Option(names = "--device", description = "cpu, cuda or cuda:N (default cpu).") String device = "cpu";
        @Option(names = "--threads", description = "Intra-op threads (default: the cores).") int threads = 0;
        @Option(names = "--out", description = "Output folder (default runs/<experiment>-<time>).") Path out;

        TrainConfig config() {
            return config(seed);
        }

        TrainConfig config(long seed) {
            List<String> images = Recipe.all().stream().filter(r -> !r.predictsVideo()).map(Recipe::name).toList();
            if (!images.contains(recipe)) {
                throw new UserError("the biological experiments run on image recipes: " + String.join(" or ", images) + ", not '" + recipe + "'");
            }
            if (steps < 1) throw new UserError("--steps must be ≥ 1");
            return TrainConfig.defaults(recipe).with(Map.of("objective", ObjectiveKind.parse(objective), "credit", credit))
                    .with("data", data).with("seed", seed).with("device", device).with("threads", threads);
        }

        Path folder(String name) {
            return out != null ? out : Path.of("runs", name + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }

        /**
         * The experiment once into {@code dir}, or with {@code --seeds K} once per seed into
         * {@code dir/seed-S} and then summarised over them into {@code dir}.
         */
        void repeated(Path dir, String title, Once once) throws Exception {
            if (seeds < 1) throw new UserError("--seeds must be ≥ 1, found " + seeds);
            if (seeds == 1) {
                once.run(seed, dir);
                return;
            }
            List<Path> folders = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (long s = seed; s < seed + seeds; s++) {
                Path d = dir.resolve("seed-" + s);
                System.err.println("experiment: seed " + s + " (" + (s - seed + 1) + " of " + seeds + ") into " + d);
                once.run(s, d);
                folders.add(d);
                names.add("seed " + s);
            }
            OverSeeds.summarise(folders, names, dir, title, System.err);
        }
    }

    /** One repeat of an experiment: with this seed, into this folder. */
    interface Once {
        void run(long seed, Path dir) throws Exception;
    }

    /** Binary Berkes KL(wake‖sleep) per layer over training, per objective (§4.4). */
    @Command(name = "development", mixinStandardHelpOptions = true,
            description = "Do wake and sleep align over learning? Per-layer binary Berkes KL over training for each objective, "
                    + "or from runs trained with --eval-every.")
    static final class Development implements Callable<Integer> {
        @picocli.CommandLine.Mixin Network network;
        @Option(names = "--objectives", split = ",", description = "Objectives to train (default wake-sleep,oscillation,combined).")
        List<String> objectives = List.of("wake-sleep", "oscillation", "combined");
        @Option(names = "--every", description = "Measure every N steps (default 150).") long every = 150;
        @Option(names = "--samples", description = "Wake and sleep samples per measurement (default 4000).") int samples = 4000;
        @Option(names = "--units", description = "Units per layer in a binary pattern (default 10: 1024 states).") int units = Overlap.DEFAULT_UNITS;
        @Option(names = "--runs", split = ",", description = "Instead of training: runs whose --eval-every lines to plot.") List<Path> runs;

        @Override
        public Integer call() throws Exception {
            Path dir = network.folder("development");
            if (runs != null) {
                DevelopmentExperiment.fromRuns(runs, dir);
            } else {
                if (every < 1 || samples < 100 || units < 1 || units > 20) throw new UserError("--every ≥ 1, --samples ≥ 100, --units in 1..20");
                network.config();                                              // the options are checked before anything trains
                List<ObjectiveKind> kinds = objectives.stream().map(ObjectiveKind::parse).toList();
                network.repeated(dir, "Development", (seed, d) -> DevelopmentExperiment.run(
                        new DevelopmentExperiment.Plan(network.config(seed), kinds, network.steps, every, samples, units), d, System.err));
            }
            System.out.println(dir.resolve("index.html"));
            return 0;
        }
    }

    /** What surprise and oscillation-power share: a trained network and its familiar and unfamiliar inputs. */
    abstract static class Signals implements Callable<Integer> {
        @picocli.CommandLine.Mixin Network network;
        @Option(names = "--run", split = ",", paramLabel = "RUN_DIR", description = "Trained runs to measure, one or several "
                + "(standing for seeds: each measured into DIR/run-K, then summarised; default: train one here on --classes).") List<Path> runs;
        @Option(names = "--classes", description = "Digit classes to train on; the others are held out (default 0-4).") String classes = "0-4";
        @Option(names = "--novel", description = "A dataset never seen (e.g. Fashion-MNIST's folder); its test images are shown.") String novel;
        @Option(names = "--n", description = "Images per set (default 1000).") int n = 1000;

        abstract SignalsExperiment.Kind kind();

        @Override
        public Integer call() throws Exception {
            if (n < 10) throw new UserError("--n must be ≥ 10");
            String name = kind() == SignalsExperiment.Kind.SURPRISE ? "surprise" : "oscillation-power";
            Path dir = network.folder(name);
            if (runs != null && runs.size() > 1) {
                if (network.seeds > 1) throw new UserError("give --seeds or several --run, not both: the runs stand for the seeds");
                List<Path> folders = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int k = 0; k < runs.size(); k++) {
                    Path d = dir.resolve("run-" + (k + 1));
                    measure(runs.get(k), 0, d);
                    folders.add(d);
                    names.add(runs.get(k).toString());
                }
                OverSeeds.summarise(folders, names, dir, name, System.err);
            } else if (runs != null) {
                measure(runs.get(0), 0, dir);
            } else {
                network.config();
                network.repeated(dir, name, (seed, d) -> measure(null, seed, d));
            }
            System.out.println(dir.resolve("index.html"));
            return 0;
        }

        /** Measures {@code run}, or a network trained here with {@code seed} on --classes, into {@code dir}. */
        private void measure(Path run, long seed, Path dir) throws Exception {
            Session s;
            boolean[] in = null;
            String source;
            if (run != null) {
                s = Runs.load(run, network.device);
                if (s.recipe.predictsVideo()) {
                    throw new UserError("the biological experiments run on image recipes; " + run + " is a " + s.config.recipe() + " run");
                }
                source = "run " + run;
            } else {
                in = Lab.classes(classes);
                TrainConfig base = network.config(seed);
                s = SignalsExperiment.train(base, in, network.steps, System.err);
                source = base.recipe() + " " + base.objective().cliName + ", " + network.steps + " steps on classes " + classes + ", seed " + seed;
            }
            SignalsExperiment.run(new SignalsExperiment.Plan(kind(), s, in, n, novel, source), dir, System.err);
        }
    }

    @Command(name = "surprise", mixinStandardHelpOptions = true,
            description = "Critic outputs as surprise signals: familiar vs held-out classes, inverted, noise and --novel images (§4.2).")
    static final class Surprise extends Signals {
        @Override
        SignalsExperiment.Kind kind() {
            return SignalsExperiment.Kind.SURPRISE;
        }
    }

    @Command(name = "oscillation-power", mixinStandardHelpOptions = true,
            description = "Per layer, the wake vs top-down difference for familiar and unfamiliar inputs, against surprise (§4.1).")
    static final class OscillationPower extends Signals {
        @Override
        SignalsExperiment.Kind kind() {
            return SignalsExperiment.Kind.OSCILLATION_POWER;
        }
    }

    @Command(name = "perturbation", mixinStandardHelpOptions = true,
            description = "Silence units in the generative phase during learning; does wake activity move to match? (§4.4)")
    static final class Perturbation implements Callable<Integer> {
        @picocli.CommandLine.Mixin Network network;
        @Option(names = "--layer", description = "Layer whose units are silenced (default: the top layer).") String layer;
        @Option(names = "--fraction", description = "Share of the layer's units silenced (default 0.25).") double fraction = 0.25;
        @Option(names = "--every", description = "Measure every N steps (default 150).") long every = 150;
        @Option(names = "--samples", description = "Held-out images per measurement (default 2000).") int samples = 2000;

        @Override
        public Integer call() throws Exception {
            if (!(fraction > 0 && fraction < 1)) throw new UserError("--fraction must lie in (0, 1)");
            if (every < 1 || samples < 100) throw new UserError("--every ≥ 1 and --samples ≥ 100");
            network.config();
            String l = layer != null ? layer : "z";
            Path dir = network.folder("perturbation");
            network.repeated(dir, "Perturbation", (seed, d) -> PerturbationExperiment.run(
                    new PerturbationExperiment.Plan(network.config(seed), l, fraction, network.steps, every, samples), d, System.err));
            System.out.println(dir.resolve("index.html"));
            return 0;
        }
    }
}
