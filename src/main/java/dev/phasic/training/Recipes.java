package dev.phasic.training;

import dev.phasic.UserError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The recipes on the class path, found through {@link ServiceLoader} (each jar lists its
 * own in {@code META-INF/services/dev.phasic.training.Recipe}), so that adding a recipe
 * changes no list in the core. Discovered once, at the first question.
 */
final class Recipes {
    private static List<Recipe> all;

    private Recipes() {}

    /**
     * Every recipe on the class path: {@link Recipe#DEFAULT} first, then by name; one line when
     * two share a name or a recipe's option takes a name already taken ({@link OptionDeclarations#checkNames}).
     */
    static synchronized List<Recipe> all() {
        if (all == null) {
            List<Recipe> found = ordered(discover());
            OptionDeclarations.checkNames(found);
            all = found;
        }
        return all;
    }

    private static List<Recipe> discover() {
        List<Recipe> found = new ArrayList<>();
        try {
            for (Recipe r : ServiceLoader.load(Recipe.class)) found.add(r);
        } catch (ServiceConfigurationError e) {
            throw new UserError("a recipe listed on the class path does not load: " + e.getMessage());
        }
        return found;
    }

    /** {@code found} with the default first and the rest by name; refuses two recipes of one name, naming both classes. */
    static List<Recipe> ordered(List<Recipe> found) {
        Map<String, Recipe> byName = new HashMap<>();
        for (Recipe r : found) {
            Recipe other = byName.putIfAbsent(r.name(), r);
            if (other != null) {
                throw new UserError("two recipes are called '" + r.name() + "': " + other.getClass().getName()
                        + " and " + r.getClass().getName() + "; remove one of them from the class path");
            }
        }
        List<Recipe> out = new ArrayList<>(found);
        out.sort(Comparator.comparing((Recipe r) -> !r.name().equals(Recipe.DEFAULT)).thenComparing(Recipe::name));
        return List.copyOf(out);
    }
}
