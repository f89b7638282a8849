package dev.phasic.cli;

import dev.phasic.UserError;
import dev.phasic.experiments.PopulationExperiment;
import dev.phasic.experiments.PopulationMethods;
import dev.phasic.torch.Devices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phasic experiment …}: small experiments that test the paper's arguments. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a small experiment.",
        subcommands = {ExperimentCommand.Population.class})
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
                    + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            PopulationExperiment.run(new PopulationExperiment.Plan(n, methods, seeds, steps), dir, Devices.parse(device), System.err);
            System.out.println(dir.resolve("index.html"));
            return 0;
        }
    }
}
