package org.spectralssl.property;

import java.util.List;

/**
 * A generated test case that can describe itself and propose simpler versions of itself.
 *
 * @param <C> the case type
 */
public interface Shrinkable<C> {
    /** One line that is enough to recognise the case: shape, mode, spectrum, scale, mean shift, seed. */
    String describe();

    /**
     * Strictly simpler cases derived from this one, the most aggressive first. "Strictly simpler"
     * must be a well-founded order (no field grows, at least one shrinks), so shrinking ends.
     */
    List<C> shrinks();
}
