package dev.phasic.training;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A configuration option's recipe-free default, written beside its declaration: a number,
 * {@code true}/{@code false}, a string, or an enum constant's name. The recipe-free default
 * is the behaviour of runs written before the option existed; a recipe turns new behaviour
 * on in {@link Recipe#defaults}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    String value();
}
