package org.spectralssl.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the numbered equations of {@code spec/SPEC.md} that a class, method or test implements
 * or verifies. The traceability test reads these from the sources: every equation of the spec
 * must be named by main code and by a test, and no code may name an equation the spec lacks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Equation {
    /** Equation identifiers such as {@code "E3"}. */
    String[] value();
}
