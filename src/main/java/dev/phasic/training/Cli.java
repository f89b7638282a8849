package dev.phasic.training;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a component appears on {@code phasic train}'s command line: its option and help;
 * {@code negated} for a boolean that a flag turns off. The defaults come from
 * {@link Default} and {@link Recipe#defaults}, so the help states them from there. The group an option is declared in says which recipes it belongs to ({@link Recipe#options}); {@link #recipes} names them for an option of a shared group that not every recipe reads.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Cli {
    String name();

    String help();

    boolean negated() default false;

    /** The recipes the option means something for (empty: all); given for another, it is an error. */
    String[] recipes() default {};
}
