/**
 * Observables: the IP addresses, networks, domains, URLs, e-mail addresses, hashes, AS numbers,
 * CVE ids and file names that incidents and indicators are about.
 *
 * <ul>
 *   <li>{@link org.opencirt.observable.ObservableType}: the types and their wire names;</li>
 *   <li>{@link org.opencirt.observable.Observable}: a type and a value, always normalised;</li>
 *   <li>{@link org.opencirt.observable.Refang}: undoes {@code hxxp://example[.]com} and friends;</li>
 *   <li>{@link org.opencirt.observable.Normaliser}: normalises a value of a given type, or
 *       guesses the type of a bare value ({@code detect});</li>
 *   <li>{@link org.opencirt.observable.ObservableExtractor}: finds observables in free text.</li>
 * </ul>
 *
 * Plain Java without CDI: static methods and records, safe to call from any thread.
 */
package org.opencirt.observable;
