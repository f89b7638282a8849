package dev.phasic.cli;

import dev.phasic.Choice;
import dev.phasic.UserError;
import dev.phasic.io.Json;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.torch.Group;
import dev.phasic.torch.Native;
import dev.phasic.training.Cli;
import dev.phasic.training.NetworkOptions;
import dev.phasic.training.ObjectiveOptions;
import dev.phasic.training.OptimiserOptions;
import dev.phasic.training.RunOptions;
import dev.phasic.training.OptionGroups;
import dev.phasic.training.OptionGroups.Leaf;
import dev.phasic.training.Recipe;
import dev.phasic.training.RunDirectory;
import dev.phasic.training.Runs;
import dev.phasic.training.Session;
import dev.phasic.training.StopSignal;
import dev.phasic.training.TrainConfig;
import dev.phasic.training.Trainer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code phasic train}: a new run, or {@code --resume} of an existing one. Besides the
 * options below, every option ({@link OptionGroups#LEAVES}) marked {@link Cli} is an
 * option ({@link ConfigOptions}), its help stating the defaults of {@link TrainConfig#DEFAULTS}
 * and each {@link Recipe#defaults}: a hyperparameter is declared in its option group alone.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true, modelTransformer = TrainCommand.ConfigOptions.class,
        description = "Train a model; with no options, the default recipe on the embedded digits.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--recipe", description = "${sys:phasic.recipes}.") String recipe;
    @Option(names = "--epochs", description = "Train for N epochs.") Integer epochs;
    @Option(names = "--steps", description = "Train for N network steps.") Long steps;           // ConfigOptions adds the defaults
    @Option(names = "--lr", description = "Learning rate of every optimiser.") Double lr;         // and here
    @Option(names = "--config", paramLabel = "FILE.json", description = "Options from a JSON file: a run's config.json, or an object holding only some options "
            + "(their record names, e.g. {\"recipe\": \"hierarchical\", \"width\": 0.5}); the recipe's defaults come first, then the file, then the command line.") Path configFile;
    @Option(names = "--out", description = "Run directory (default runs/<time>-<objective>).") Path out;
    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run from its latest checkpoint.") Path resume;
    @Option(names = "--nproc", description = "Data-parallel training in N processes on this machine (default 1).") int nproc = 1;
    @Option(names = "--rank", description = "This process's rank in a group started by hand (default: $RANK).") Integer rank;
    @Option(names = "--world-size", description = "Processes in the group (default: $WORLD_SIZE).") Integer worldSize;
    @Option(names = "--master", paramLabel = "HOST:PORT", description = "Rank 0's address (default: $MASTER_ADDR:$MASTER_PORT).") String master;
    @Option(names = "--group-timeout", description = "Seconds any rank waits for the others before the group ends (default 120).") int groupTimeout = 120;
    @Spec CommandSpec spec;

    /** One option per {@link Cli} component, with the recipes' defaults in its help. */
    public static final class ConfigOptions implements CommandLine.IModelTransformer {
        /** The help's heading for each shared option group; a recipe's own group takes {@link Recipe#heading}. */
        private static final Map<Class<?>, String> HEADINGS = Map.of(
                ObjectiveOptions.class, "The objective's terms:%n", OptimiserOptions.class, "Optimisation:%n",
                NetworkOptions.class, "Sizes several architectures share:%n", RunOptions.class, "The run:%n");

        @Override
        public CommandSpec transform(CommandSpec spec) {
            if (spec.name().equals("train")) {
                describe(spec, "--steps", "Train for N network steps" + defaults("steps") + ".");
                describe(spec, "--lr", "Learning rate of every optimiser" + defaults("lrInference")
                        + "; --lr-inference, --lr-generation and --lr-critic override it per network.");
            }
            Map<Class<?>, ArgGroupSpec.Builder> groups = new LinkedHashMap<>();
            for (Leaf option : OptionGroups.LEAVES) {
                Cli cli = option.cli();
                if (cli == null) continue;
                boolean flag = option.type() == boolean.class;
                String help = flag ? cli.help() : cli.help().replaceFirst("\\.$", "") + defaults(option.name()) + ".";
                OptionSpec.Builder b = OptionSpec.builder(cli.name()).description(help);
                if (flag) b.type(boolean.class).arity("0");
                else b.type(boxed(option.type())).paramLabel("<" + option.name() + ">");
                if (option.group() == null) spec.addOption(b.build());
                else groups.computeIfAbsent(option.group(), g -> ArgGroupSpec.builder().exclusive(false).multiplicity("0..1")
                        .heading(heading(g))).addArg(b.build());
            }
            groups.values().forEach(g -> spec.addArgGroup(g.build()));
            return spec;
        }

        /** The help's heading of option group {@code g}: a shared group's, its recipe's, else its name. */
        private static String heading(Class<?> g) {
            if (HEADINGS.containsKey(g)) return HEADINGS.get(g);
            return Recipe.all().stream().filter(r -> r.options() == g).findFirst().map(r -> r.heading() + ":%n").orElse(g.getSimpleName() + ":%n");
        }

        /** Gives the option {@code name} this description; the others are added again behind it, so the help keeps their order. */
        private static void describe(CommandSpec spec, String name, String description) {
            for (OptionSpec o : new ArrayList<>(spec.options())) {
                spec.remove(o);
                spec.addOption(o.longestName().equals(name) ? o.toBuilder().description(description).build() : o);
            }
        }

        private static Class<?> boxed(Class<?> t) {
            return t == double.class ? Double.class : t == int.class ? Integer.class : t == long.class ? Long.class : String.class;
        }

        /** " (default X; hierarchical Y …)" from the defaults tables; an empty default is left out. */
        private static String defaults(String component) {
            List<String> parts = new ArrayList<>();
            String all = show(TrainConfig.DEFAULTS.get(component));
            if (!all.isEmpty()) parts.add("default " + all);
            for (Recipe r : Recipe.all()) {
                Object v = r.defaults().get(component);
                if (v != null) parts.add(r.name() + ' ' + show(v));
            }
            return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
        }

        private static String show(Object v) {
            if (v instanceof ObjectiveKind k) return k.cliName;
            if (v instanceof Choice c) return c.cliName();
            if (v instanceof Double d) {
                if (d == Math.rint(d) && Math.abs(d) < 1e6) return String.valueOf(d.longValue());
                if (Math.abs(d) >= 0.01) return String.valueOf(d);
                BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
                int exponent = b.precision() - b.scale() - 1;
                return b.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent; // 2.5e-5
            }
            return String.valueOf(v);
        }
    }

    /** The generated options the user gave, by component: values, or true for a flag that was set. */
    private Map<String, Object> given() {
        return given(spec);
    }

    /** As {@link #given()} for any command whose options {@link ConfigOptions} generated. */
    static Map<String, Object> given(CommandSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Leaf option : OptionGroups.LEAVES) {
            if (option.cli() == null) continue;
            Object v = spec.findOption(option.cli().name()).getValue();
            if (v == null || Boolean.FALSE.equals(v)) continue;
            out.put(option.name(), v);
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return train();
        } finally {
            RunDirectory.releaseLocks();
        }
    }

    private Integer train() throws Exception {
        if (nproc < 1) throw new UserError("--nproc must be ≥ 1, found " + nproc);
        if (nproc > 1) return Launcher.run(this, nproc);
        Group group = Launcher.joinIfDistributed(rank, worldSize, master, groupTimeout,
                (String) given().getOrDefault("device", "cpu"));
        boolean writer = group == null || group.rank == 0;
        Trainer trainer;
        if (resume != null) {
            rejectWithResume();
            Map<String, Object> changes = new HashMap<>(given());
            changes.keySet().retainAll(Runs.CHANGEABLE);
            trainer = Runs.resume(resume, steps, epochs, (String) given().get("device"), changes, new RunListener(), writer);
            if (group != null) trainer.distributed(group);
            if (!writer) {
                trainer.run(null);
                return ended(trainer, null);
            }
            System.err.println(trainer.step() == 0
                    ? "restarting " + resume + " from step 0 (it stopped before its first checkpoint)"
                    : "resuming " + resume + " at step " + trainer.step() + " of " + trainer.totalSteps()
                      + "; schedules planned over " + trainer.scheduleSteps() + " steps"
                      + (trainer.scheduleSteps() < trainer.totalSteps() ? " (already under way: kept, not replayed)" : ""));
            trainer.run(System.err);
            return ended(trainer, resume);
        }
        TrainConfig config = config();
        Session session = new Session(config);
        if (!writer) {
            trainer = new Trainer(session, null, 0).distributed(group);
            trainer.run(null);
            return ended(trainer, null);
        }
        RunDirectory run = RunDirectory.create(out, config);
        System.err.printf("training %s with %s into %s (%d steps of %d, %d per epoch)%n", config.recipe(),
                config.objective().cliName, run.path(), session.totalSteps(), config.optimiser().batchSize(),
                session.batches.stepsPerEpoch());
        trainer = new Trainer(session, run, 0, new RunListener());
        if (group != null) trainer.distributed(group);
        trainer.run(System.err);
        return ended(trainer, run.path());
    }

    /**
     * The exit code of a training that returned: 0 when it reached its length, with the next
     * commands on stderr and then the run directory on stdout (the last line, for scripts), else
     * (stopped by a signal) 128 + the signal's number with one line saying how to continue
     * ({@code run} is null on ranks other than 0, which stay quiet).
     */
    private static int ended(Trainer trainer, Path run) {
        if (!trainer.stopped()) {
            if (run != null) {
                System.err.println("next: phasic evaluate " + run + " · phasic sample " + run);
                System.out.println(run);
            }
            return 0;
        }
        if (run != null) {
            System.err.println("phasic: stopped at step " + trainer.step() + " on " + StopSignal.name()
                    + "; resume with phasic train --resume " + run);
        }
        return StopSignal.exitCode();
    }

    void rejectWithResume() {
        Map<String, Object> fixed = given();
        fixed.remove("device");
        fixed.keySet().removeAll(Runs.CHANGEABLE);
        if (!fixed.isEmpty() || recipe != null || lr != null || out != null || configFile != null) {
            throw new UserError("--resume continues a run with its own configuration; only --steps, --epochs, --device, --threads and --gradient-shares may change");
        }
    }

    TrainConfig config() {
        return config(spec, recipe, lr, configFile, steps, epochs);
    }

    /**
     * The configuration a command with {@link ConfigOptions} was given: the recipe's defaults,
     * then {@code configFile}, then the options, each checked as {@code train} checks it.
     */
    static TrainConfig config(CommandSpec spec, String recipe, Double lr, Path configFile, Long steps, Integer epochs) {
        Map<String, Object> file = configFile == null ? Map.of() : TrainConfig.components(readConfigFile(configFile), " in " + configFile);
        String name = recipe != null ? recipe : (String) file.getOrDefault("recipe", TrainConfig.DEFAULT_RECIPE);
        TrainConfig d = TrainConfig.defaults(name, file);
        if (steps != null && epochs != null) throw new UserError("give --steps or --epochs, not both");
        if (steps != null && steps <= 0) throw new UserError("--steps must be > 0, found " + steps);
        if (epochs != null && epochs <= 0) throw new UserError("--epochs must be > 0, found " + epochs);
        Map<String, Object> c = new HashMap<>(given(spec));
        if (c.containsKey("objective")) c.put("objective", ObjectiveKind.parse((String) c.get("objective")));
        ObjectiveKind kind = (ObjectiveKind) c.getOrDefault("objective", d.objective());
        rejectMeaningless(d.recipe(), kind, c);
        for (Leaf option : OptionGroups.LEAVES) {   // --no-recurrence turns its option off
            if (option.cli() != null && option.cli().negated() && c.containsKey(option.name())) c.put(option.name(), false);
        }
        for (String k : new String[] {"context", "predict"}) {
            if (c.containsKey(k) && (Integer) c.get(k) < 1) throw new UserError("--" + k + " must be ≥ 1, found " + c.get(k));
        }
        if (lr != null) for (String k : new String[] {"lrInference", "lrGeneration", "lrCritic"}) c.putIfAbsent(k, lr);
        c.put("steps", steps != null ? steps : epochs != null ? 0L : d.optimiser().steps());
        c.put("epochs", epochs != null ? epochs : 0);
        return d.with(c);
    }

    /** The recipes that read an option, each with the objectives it reads it under when not all: "a and b with wake-sleep". */
    private static String readers(Leaf option) {
        List<String> out = new ArrayList<>();
        for (Recipe r : Recipe.all()) {
            if (!OptionGroups.appliesTo(option, r.name())) continue;
            List<String> kinds = Arrays.stream(ObjectiveKind.values()).filter(k -> r.reads(option.name(), k)).map(k -> k.cliName).toList();
            if (kinds.size() == ObjectiveKind.values().length) out.add(r.name());
            else if (!kinds.isEmpty()) out.add(r.name() + " with " + String.join(" or ", kinds));
        }
        return String.join(" and ", out);
    }

    /** The JSON object in {@code file}, or one line saying why it is none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfigFile(Path file) {
        if (!Files.isRegularFile(file)) throw new UserError("--config: no such file: " + file);
        try {
            Object json = Json.MAPPER.readValue(file.toFile(), Object.class);
            if (!(json instanceof Map)) throw new UserError("--config: " + file + " holds no JSON object");
            return (Map<String, Object>) json;
        } catch (IOException e) {
            throw new UserError("--config: " + file + " is not JSON: " + Native.firstLine(e));
        }
    }

    /**
     * An option that the chosen recipe or objective would ignore is a mistake, not a silent
     * no-op: each {@link Cli} names the recipes it belongs to; {@code --hidden}
     * and {@code --gamma} depend on the objective too.
     */
    private static void rejectMeaningless(String recipe, ObjectiveKind kind, Map<String, Object> given) {
        Recipe r = Recipe.of(recipe);
        for (Leaf option : OptionGroups.LEAVES) {
            if (option.cli() == null || !given.containsKey(option.name())) continue;
            if (!OptionGroups.appliesTo(option, recipe)) throw OptionGroups.notFor(option, recipe);
            if (!r.reads(option.name(), kind)) {
                throw new UserError(option.cli().name() + " has no effect on the " + recipe + " recipe"
                        + (r.reads(option.name(), ObjectiveKind.WAKE_SLEEP) ? " with " + kind.cliName : "") + "; it belongs to " + readers(option));
            }
        }
        if (given.containsKey("gamma") && !kind.takesGamma()) {
            throw new UserError("--gamma weighs sleep against oscillation in the combined objective; "
                    + kind.cliName + " has no γ (use --objective combined --gamma " + given.get("gamma") + ")");
        }
    }
}
