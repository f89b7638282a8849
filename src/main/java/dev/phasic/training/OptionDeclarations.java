package dev.phasic.training;

import dev.phasic.UserError;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each option is declared, read from the records alone: what {@link OptionGroups}
 * builds its table from, and the checks run when the recipes are discovered. It holds no
 * state, so {@link Recipes} can check the recipes before {@link OptionGroups}' table exists
 * (a check failing inside that table's initialisation would not be one line).
 */
final class OptionDeclarations {
    private OptionDeclarations() {}

    /** An option where it is declared: a component of a group record ({@code null}: of TrainConfig itself). */
    record Declared(RecordComponent component, Class<?> group) {}

    static List<Declared> declared(List<Recipe> recipes) {
        List<Declared> out = new ArrayList<>();
        for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
            if (c.getName().equals(OptionGroups.ARCHITECTURE)) {
                Set<Class<?>> seen = new HashSet<>();
                for (Recipe r : recipes) {
                    if (!seen.add(r.options())) continue;
                    for (RecordComponent g : r.options().getRecordComponents()) out.add(new Declared(g, r.options()));
                }
            } else if (c.getType().isRecord()) {
                for (RecordComponent g : c.getType().getRecordComponents()) out.add(new Declared(g, c.getType()));
            } else {
                out.add(new Declared(c, null));
            }
        }
        return out;
    }

    /**
     * Refuses, in one line naming both, a recipe's option whose name (in {@code config.json}
     * or on the command line) is already taken by a shared option or another recipe's, a
     * component without {@link Default}, and a {@link Recipe#defaults} entry that names no
     * option or holds a value of another type: checked when the recipes are discovered,
     * before any command runs.
     */
    static void checkNames(List<Recipe> recipes) {
        Map<String, String> owners = new HashMap<>();
        for (Declared d : declared(recipes)) {
            String owner = d.group() == null || !isArchitecture(d.group(), recipes) ? "the shared option"
                    : "the " + recipeOf(d.group(), recipes) + " recipe's option";
            RecordComponent c = d.component();
            if (c.getAnnotation(Default.class) == null && !c.getName().equals("recipe")) {
                throw new UserError(owner.substring(4) + " '" + c.getName() + "' has no @Default");
            }
            List<String> names = new ArrayList<>(List.of(c.getName()));
            Cli cli = c.getAnnotation(Cli.class);
            if (cli != null) names.add(cli.name());
            for (String name : names) {
                String before = owners.putIfAbsent(name, owner + " " + name);
                if (before != null) {
                    throw new UserError(owner + " " + name + " clashes with " + before + "; rename one of them");
                }
            }
        }
        Map<String, Class<?>> types = new HashMap<>();
        for (Declared d : declared(recipes)) types.put(d.component().getName(), d.component().getType());
        for (Recipe r : recipes) {                                          // a misspelt default fails here, not mid-run
            for (Map.Entry<String, Object> e : r.defaults().entrySet()) {
                Class<?> t = types.get(e.getKey());
                if (t == null) throw new UserError("the " + r.name() + " recipe changes the default of '" + e.getKey() + "', which is no option");
                if (e.getValue() == null || !box(t).isInstance(e.getValue())) {
                    throw new UserError("the " + r.name() + " recipe's default of '" + e.getKey() + "' is " + e.getValue()
                            + ", not a " + t.getSimpleName());
                }
            }
        }
    }

    private static Class<?> box(Class<?> t) {
        if (t == double.class) return Double.class;
        if (t == int.class) return Integer.class;
        if (t == long.class) return Long.class;
        if (t == boolean.class) return Boolean.class;
        return t;
    }

    private static boolean isArchitecture(Class<?> group, List<Recipe> recipes) {
        return recipes.stream().anyMatch(r -> r.options() == group);
    }

    private static String recipeOf(Class<?> group, List<Recipe> recipes) {
        return String.join(" and ", recipes.stream().filter(r -> r.options() == group).map(Recipe::name).toList());
    }

}
