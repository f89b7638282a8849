package dev.phasic.training;

import dev.phasic.UserError;
import dev.phasic.io.Records;
import dev.phasic.objectives.ObjectiveKind;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainConfig} seen flat: every option ({@link Leaf}) of every group by its own name,
 * as {@code config.json}, {@code --config} files, the command line and {@link TrainConfig#with}
 * spell it, with its {@link Default}. Option names are unique across groups.
 */
public final class OptionGroups {
    private OptionGroups() {}

    /** One option: its name, type and command-line form, and the group record it lives in ({@code null}: TrainConfig itself). */
    public record Leaf(String name, Class<?> type, Cli cli, Class<?> group) {}

    /**
     * Every option, in the order {@code config.json} lists them: the shared groups', with, in
     * the place of {@link TrainConfig#architecture}, every recipe's own options in
     * {@link Recipe#all}'s order.
     */
    public static final List<Leaf> LEAVES = leaves();

    /** Every option's recipe-free default, by name, in {@link #LEAVES}' order. */
    public static final Map<String, Object> DEFAULTS = defaults();

    /** The component of {@link TrainConfig} that holds the recipe's own options. */
    static final String ARCHITECTURE = "architecture";

    private static List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        for (OptionDeclarations.Declared d : OptionDeclarations.declared(Recipe.all())) out.add(new Leaf(d.component().getName(), d.component().getType(),
                d.component().getAnnotation(Cli.class), d.group()));
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recipe", Recipe.DEFAULT);
        for (OptionDeclarations.Declared o : OptionDeclarations.declared(Recipe.all())) {
            if (o.component().getAnnotation(Default.class) != null) d.put(o.component().getName(), parse(o.component()));
        }
        if (d.size() != LEAVES.size()) throw new IllegalStateException("an option has no @Default");
        return Collections.unmodifiableMap(d);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(RecordComponent c) {
        String v = c.getAnnotation(Default.class).value();
        Class<?> t = c.getType();
        if (t == double.class) return Double.parseDouble(v);
        if (t == int.class) return Integer.parseInt(v);
        if (t == long.class) return Long.parseLong(v);
        if (t == boolean.class) return Boolean.parseBoolean(v);
        if (t.isEnum()) return Enum.valueOf((Class<? extends Enum>) t, v);
        return v;
    }

    /** Every option's value by name, in {@link #LEAVES}' order. */
    static Map<String, Object> flatten(TrainConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Records.toMap(config).entrySet()) {
            if (e.getValue() instanceof Record group) out.putAll(Records.toMap(group));
            else out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The configuration of these options (every one of its recipe named), each group checked by its own constructor. */
    @SuppressWarnings("unchecked")
    static TrainConfig build(Map<String, Object> values) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            Class<?> type = c.getName().equals(ARCHITECTURE) ? Recipe.of((String) values.get("recipe")).options() : c.getType();
            top.put(c.getName(), type.isRecord() ? Records.fromMap((Class<? extends Record>) type, values) : values.get(c.getName()));
        }
        return Records.fromMap(TrainConfig.class, top);
    }

    /**
     * Whether an option means something for {@code recipe}: a recipe's own option for that
     * recipe alone, a shared one for every recipe that {@link Recipe#reads} it under some
     * objective.
     */
    public static boolean appliesTo(Leaf leaf, String recipe) {
        return readers(leaf).contains(Recipe.of(recipe));
    }

    /** The recipes an option belongs to (empty: all). */
    public static List<String> owners(Leaf leaf) {
        List<Recipe> readers = readers(leaf);
        return readers.size() == Recipe.all().size() ? List.of() : readers.stream().map(Recipe::name).toList();
    }

    private static List<Recipe> readers(Leaf leaf) {
        List<Recipe> own = Recipe.all().stream().filter(r -> r.options() == leaf.group()).toList();
        if (!own.isEmpty()) return own;
        return Recipe.all().stream().filter(r -> Arrays.stream(ObjectiveKind.values()).anyMatch(k -> r.reads(leaf.name(), k))).toList();
    }

    /** The one line for an option given to a recipe it does not belong to. */
    public static UserError notFor(Leaf leaf, String recipe) {
        return new UserError(leaf.cli().name() + " has no effect on the " + recipe + " recipe; it belongs to " + String.join(" and ", owners(leaf)));
    }

    /** A one-line {@link UserError} with {@code message} unless {@code ok}: how an options record checks its values. */
    public static void check(boolean ok, String message) {
        if (!ok) throw new UserError(message);
    }
}
