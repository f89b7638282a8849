package dev.phasic.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.phasic.Choice;
import dev.phasic.UserError;
import dev.phasic.objectives.ObjectiveKind;
import dev.phasic.io.Records;
import dev.phasic.training.OptionGroups.Leaf;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a training run, one group per concern: the objective's terms, the
 * optimiser, the sizes architectures share, the recipe's own options (a record of its
 * {@link Recipe#options} type, read with {@link #architecture(Class)}), and the run's
 * bookkeeping. Saved as {@code config.json} in every run directory, flat (each option by its
 * own name, {@link OptionGroups}), holding only the options of its recipe. Defaults are the
 * recipe that learns within minutes on 2 cores (docs/METHODS.md); the paper's long schedule
 * is reachable through the same options. An option is declared once, in its group, with its
 * help ({@link Cli}) and recipe-free default ({@link Default}).
 */
public record TrainConfig(
        String recipe,          // architecture and data pairing ({@link Recipe#of})
        @Cli(name = "--objective", help = "wake-sleep | oscillation | combined.")
        @Default("COMBINED") ObjectiveKind objective, // which of Eq. 4 / 7 / 8 trains the networks; it owns γ's rule
        ObjectiveOptions terms,
        OptimiserOptions optimiser,
        NetworkOptions network,
        Record architecture,    // the recipe's own options, of its {@link Recipe#options} type
        RunOptions run) {

    /** The recipe of a run given no {@code --recipe} ({@link Recipe#DEFAULT}). */
    public static final String DEFAULT_RECIPE = Recipe.DEFAULT;

    /** Every option's recipe-free default ({@link Default}); each recipe's changes are its own ({@link Recipe#defaults}). */
    public static final Map<String, Object> DEFAULTS = OptionGroups.DEFAULTS;

    public TrainConfig {
        Recipe r = Recipe.of(recipe);                                       // one line naming the recipes there are
        if (objective == null) throw new UserError("objective must be set");
        Objects.requireNonNull(terms);
        if (architecture == null || architecture.getClass() != r.options()) {
            throw new IllegalArgumentException("the " + recipe + " recipe's options are a " + r.options().getName()
                    + ", found " + (architecture == null ? "none" : architecture.getClass().getName()));
        }
        terms = terms.withGamma(objective.gamma(terms.gamma()));
        if (objective == ObjectiveKind.WAKE_SLEEP && terms.credit() != Choices.Credit.BACKPROP) {
            throw new UserError("--credit " + terms.credit().cliName() + " needs a critic per layer (--objective oscillation or combined): "
                    + "the wake-sleep critic scores every layer at once, so the credit it gives is not local");
        }
    }

    /**
     * The recipe's own options as their type, e.g. {@code config.architecture(MyOptions.class)}
     * in the recipe whose {@link Recipe#options} is MyOptions; another type is a bug in the caller.
     */
    public <T extends Record> T architecture(Class<T> type) {
        if (!type.isInstance(architecture)) {
            throw new IllegalStateException("the " + recipe + " recipe's options are a " + architecture.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(architecture);
    }

    /**
     * An option of another recipe holds its {@link #DEFAULTS} value: a configuration built in
     * code (not from the command line, which refuses such options) cannot carry a setting
     * its recipe would ignore.
     */
    private static void checkOtherRecipesOptionsAtDefault(Map<String, Object> values) {
        String recipe = (String) values.get("recipe");
        for (Leaf leaf : OptionGroups.LEAVES) {
            if (leaf.cli() != null && values.containsKey(leaf.name()) && !OptionGroups.appliesTo(leaf, recipe)
                    && !Objects.equals(values.get(leaf.name()), DEFAULTS.get(leaf.name()))) {
                throw OptionGroups.notFor(leaf, recipe);
            }
        }
    }

    /** The default run. */
    public static TrainConfig defaults() {
        return defaults(DEFAULT_RECIPE);
    }

    /** A recipe's defaults: {@link #DEFAULTS} with the recipe's changes. */
    public static TrainConfig defaults(String recipe) {
        Map<String, Object> d = new HashMap<>(DEFAULTS);
        d.putAll(Recipe.of(recipe).defaults());
        d.put("recipe", recipe);
        return fromMap(d);
    }

    /** The configuration from every option's value; a choice may be given by its spelling ({@link Choice#parse}). */
    private static TrainConfig fromMap(Map<String, Object> values) {
        Map<String, Object> typed = new HashMap<>(values);
        for (Leaf leaf : OptionGroups.LEAVES) {
            if (typed.get(leaf.name()) instanceof String name && Choice.class.isAssignableFrom(leaf.type()) && leaf.type().isEnum()) {
                typed.put(leaf.name(), parseChoice(leaf.type(), name, leaf.cli() == null ? leaf.name() : leaf.cli().name()));
            }
        }
        Recipe.of((String) typed.get("recipe"));                            // one line naming the recipes there are
        checkOtherRecipesOptionsAtDefault(typed);
        return OptionGroups.build(typed);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parseChoice(Class<?> type, String name, String option) {
        return Choice.parse((Class) type, name, option);
    }

    /**
     * A configuration read from JSON ({@code config.json}, checkpoint state): the recipe-free
     * {@link #DEFAULTS} with the file's values on top. An option the file lacks was written by
     * a version that did not have it, and every default in {@link #DEFAULTS} is the value
     * that behaves as that version did (recipes turn new behaviour on in
     * {@link Recipe#defaults}), so old runs load and resume unchanged.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TrainConfig fromJson(Map<String, Object> json) {
        Map<String, Object> values = new HashMap<>(DEFAULTS);
        values.putAll(components(json, " (written by a newer version?)"));
        return fromMap(values);
    }

    /**
     * The options a JSON object names, each as its type (a missing value: its default);
     * a name that is no option, or a value of the wrong type, is one line, {@code where}
     * saying whose.
     */
    public static Map<String, Object> components(Map<String, Object> json, String where) {
        Map<String, Class<?>> types = new HashMap<>();
        for (Leaf leaf : OptionGroups.LEAVES) types.put(leaf.name(), leaf.type());
        Map<String, Object> out = new HashMap<>();
        json.forEach((k, v) -> {
            Class<?> t = types.get(k);
            if (t == null) throw new UserError("unknown configuration field '" + k + "'" + where);
            out.put(k, v == null ? DEFAULTS.get(k) : convert(k, v, t));
        });
        return out;
    }

    /**
     * This recipe's defaults with {@code values} (options by name) on top: what
     * {@code --config FILE} gives before the command line's options.
     */
    public static TrainConfig defaults(String recipe, Map<String, Object> values) {
        Map<String, Object> rest = new HashMap<>(values);
        rest.remove("recipe");
        return defaults(recipe).with(rest);
    }

    private static Object convert(String name, Object v, Class<?> t) {
        if (v instanceof String && Choice.class.isAssignableFrom(t)) return v;      // fromMap parses it
        if (v instanceof String spelt && t == ObjectiveKind.class && !spelt.equals(spelt.toUpperCase(Locale.ROOT))) {
            return ObjectiveKind.parse(spelt);                                  // as on the command line
        }
        try {
            return Records.convert(v, t);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new UserError("configuration field '" + name + "' holds " + v + ", not a " + t.getSimpleName());
        }
    }

    /** Every option by name, in {@link OptionGroups#LEAVES}' order. */
    public Map<String, Object> toMap() {
        return OptionGroups.flatten(this);
    }

    /**
     * What {@code config.json} and a checkpoint's state hold: every option that applies to
     * this recipe, in {@link OptionGroups#LEAVES}' order. An option of another recipe is left
     * out while it holds its {@link #DEFAULTS} value, which {@link #fromJson} puts back, so
     * the file reads back as the same configuration.
     */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> out = toMap();
        for (Leaf leaf : OptionGroups.LEAVES) {
            if (leaf.cli() == null || OptionGroups.appliesTo(leaf, recipe)) continue;
            if (Objects.equals(out.get(leaf.name()), DEFAULTS.get(leaf.name()))) out.remove(leaf.name());
        }
        return out;
    }

    /**
     * The same configuration with one option replaced, by its name (e.g.
     * {@code with("objective", ObjectiveKind.WAKE_SLEEP)}); the constructors check the result
     * as they check any configuration.
     */
    public TrainConfig with(String option, Object value) {
        return with(Map.of(option, value));
    }

    /** The same configuration with several options replaced at once, checked as a whole. */
    public TrainConfig with(Map<String, Object> changes) {
        Map<String, Object> values = new HashMap<>(DEFAULTS);                // another recipe's options: checked at their defaults
        values.putAll(toMap());
        if (!values.keySet().containsAll(changes.keySet())) {
            throw new IllegalArgumentException("unknown configuration options in " + changes.keySet());
        }
        values.putAll(changes);
        return fromMap(values);
    }

    /** Total network steps for a dataset with {@code stepsPerEpoch} batches. */
    public long totalSteps(int stepsPerEpoch) {
        return optimiser.totalSteps(stepsPerEpoch);
    }

    public TrainConfig withLength(long newSteps, int newEpochs) {
        return with(Map.of("steps", newSteps, "epochs", newEpochs));
    }

    /** The length the schedules are planned over, given the run's {@code stepsPerEpoch}. */
    public long scheduleSteps(int stepsPerEpoch) {
        return optimiser.scheduleSteps(stepsPerEpoch);
    }

    /** The same run with its schedules planned over {@code steps}. */
    public TrainConfig withScheduleSteps(long steps) {
        return with("scheduleSteps", steps);
    }

    public TrainConfig withDevice(String newDevice) {
        return with("device", newDevice);
    }
}
