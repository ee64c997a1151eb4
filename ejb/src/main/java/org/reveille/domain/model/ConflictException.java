package org.reveille.domain.model;

/** A request that contradicts what is stored (a duplicate, or a change refused in the current state). */
public class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
