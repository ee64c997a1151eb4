package org.reveille.application;

import java.util.List;

/** One page of a list query: its items, the total number of matches, and where the page starts. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
}
