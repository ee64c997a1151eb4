package org.reveille.domain.model;

/**
 * One problem with one input field. {@code field} is a JSON path into the request, e.g.
 * {@code machines[3].nics[0].mac} or {@code pingCount}.
 */
public record Violation(String field, String message) {
}
