package dev.phasic;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A choice among named options, as an enum: its constants are spelt on the command line and
 * in {@code config.json} by {@link #cliName()} (e.g. {@code skip-step}), so a configuration
 * holds a typed value and its files read as before.
 */
public interface Choice {
    /** The enum constant's name (an enum implements it). */
    String name();

    /** The option's spelling on the command line and in files: the name in lower case, {@code _} as {@code -}. */
    @JsonValue
    default String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} spelt {@code name}, or one line naming the choices: "--option must be a, b or c, found x". */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String name, String option) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.cliName().equals(name)) return e;
            names.add(e.cliName());
        }
        String last = names.remove(names.size() - 1);
        throw new UserError(option + " must be " + (names.isEmpty() ? "" : String.join(", ", names) + " or ") + last + ", found " + name);
    }
}
