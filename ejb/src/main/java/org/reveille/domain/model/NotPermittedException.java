package org.reveille.domain.model;

/** A change the caller's role does not allow on this object (another user's schedule, say): the edge answers 403. */
public class NotPermittedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotPermittedException(String message) {
        super(message);
    }
}
