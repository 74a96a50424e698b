package org.opencirt.indicator.model;

import java.util.List;
import org.opencirt.observable.Observable;

/**
 * What the lookup API answers: the value as it was looked up (refanged, typed, normalised) and
 * the indicators matching it, each with only the sources the caller's CIRT may see.
 */
public record Lookup(Observable observable, List<Match> indicators) {}
