package dev.phasic.training;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a component appears on {@code phasic train}'s command line: its option and help;
 * {@code negated} for a boolean that a flag turns off. The defaults come from
 * {@link Default} and {@link Recipe#defaults}, so the help states them from there. The group an option is declared in says which recipes it belongs to: a recipe's own group
 * ({@link Recipe#options}) to that recipe, a shared group to every recipe that
 * {@link Recipe#reads} it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Cli {
    String name();

    String help();

    boolean negated() default false;
}
