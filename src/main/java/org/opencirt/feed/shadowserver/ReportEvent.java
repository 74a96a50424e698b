package org.opencirt.feed.shadowserver;

import java.time.Instant;
import java.util.List;
import java.util.SequencedMap;
import org.opencirt.observable.Observable;

/**
 * One row of a Shadowserver report: an event about a constituent's host (the victim or the
 * exposed system, not an attacker).
 *
 * @param reportType     the report type ({@code scan_rdp}), or the report part of an unknown file's name
 * @param classification an RSIT type ({@code vulnerable-system}); {@code undetermined} for an unknown report
 * @param identifier     what was seen ({@code open-rdp}, or a sinkhole's infection)
 * @param timestamp      when Shadowserver saw it (UTC), or null when the report has no timestamp column
 * @param ip             the host's address, normalised (dotted quad, RFC 5952 IPv6)
 * @param port           the host's port, or null
 * @param protocol       the transport protocol in lower case ({@code tcp}), or null
 * @param asn            the host's AS ({@code AS64496}), or null
 * @param hostname       the host's reverse DNS name in lower case, or null
 * @param observables    the observables of the mapped columns, normalised, without repeats
 * @param extra          the other non-empty columns, in the report's column order, with the
 *                       values of mapped columns that did not read (a port {@code n/a})
 * @param line           the line where the row starts (1-based)
 * @param digest         SHA-256 (hex) of the report type and the row's cells: the same row read
 *                       twice (a report fetched again) has the same digest
 */
public record ReportEvent(
        String reportType,
        String classification,
        String identifier,
        Instant timestamp,
        String ip,
        Integer port,
        String protocol,
        String asn,
        String hostname,
        List<Observable> observables,
        SequencedMap<String, String> extra,
        long line,
        String digest) {

    public ReportEvent {
        observables = List.copyOf(observables);
    }
}
