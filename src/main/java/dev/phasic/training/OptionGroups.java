package dev.phasic.training;

import dev.phasic.UserError;
import dev.phasic.io.Records;
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

    /** Every option, in the order {@code config.json} lists them. */
    public static final List<Leaf> LEAVES = leaves();

    /** Every option's recipe-free default, by name, in {@link #LEAVES}' order. */
    public static final Map<String, Object> DEFAULTS = defaults();

    private static List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            if (c.getType().isRecord()) {
                for (RecordComponent g : c.getType().getRecordComponents()) out.add(leaf(g, c.getType()));
            } else {
                out.add(leaf(c, null));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Leaf leaf(RecordComponent c, Class<?> group) {
        return new Leaf(c.getName(), c.getType(), c.getAnnotation(Cli.class), group);
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("recipe", Recipe.DEFAULT);
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            if (c.getType().isRecord()) {
                for (RecordComponent g : c.getType().getRecordComponents()) d.put(g.getName(), parse(g));
            } else if (c.getAnnotation(Default.class) != null) {
                d.put(c.getName(), parse(c));
            }
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

    /** The configuration of these options (every one named), each group checked by its own constructor. */
    @SuppressWarnings("unchecked")
    static TrainConfig build(Map<String, Object> values) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            top.put(c.getName(), c.getType().isRecord()
                    ? Records.fromMap((Class<? extends Record>) c.getType(), values) : values.get(c.getName()));
        }
        return Records.fromMap(TrainConfig.class, top);
    }

    /** Whether an option means something for {@code recipe}: its {@link Cli#recipes}, else its group's owner, else every recipe. */
    public static boolean appliesTo(Leaf leaf, String recipe) {
        List<String> owners = owners(leaf);
        return owners.isEmpty() || owners.contains(recipe);
    }

    /** The recipes an option belongs to (empty: all). */
    public static List<String> owners(Leaf leaf) {
        if (leaf.cli() != null && leaf.cli().recipes().length > 0) return Arrays.asList(leaf.cli().recipes());
        return Recipe.all().stream().filter(r -> r.options() == leaf.group()).map(Recipe::name).toList();
    }

    /** The one line for an option given to a recipe it does not belong to. */
    public static UserError notFor(Leaf leaf, String recipe) {
        return new UserError(leaf.cli().name() + " has no effect on the " + recipe + " recipe; it belongs to " + String.join(" and ", owners(leaf)));
    }

    static void check(boolean ok, String message) {
        if (!ok) throw new UserError(message);
    }
}
