package org.opencirt.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.opencirt.incident.service.ConstituentEventQueries.EventView;
import org.opencirt.notification.NotificationConfig;
import org.opencirt.notification.mail.EventCsv;
import org.opencirt.notification.mail.PgpMime;
import org.opencirt.tenant.constituency.ConstituentService.Recipient;
import org.opencirt.tenant.constituency.ContactFormat;

/**
 * What a notification says: the summary in the contact's language (a Qute template per language,
 * {@code templates/notification/letter-LANG.txt}, its first line the subject) and the events as the
 * contact's attachment, CSV (formula cells neutralised) or JSON.
 */
@ApplicationScoped
class NotificationLetters {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** The attachment's columns before the report's own. */
    private static final List<String> COLUMNS = List.of(
            "observed_at", "ip", "port", "protocol", "asn", "hostname", "report_type", "classification", "identifier");

    private final Engine qute;
    private final ObjectMapper json;
    private final NotificationConfig config;

    NotificationLetters(Engine qute, ObjectMapper json, NotificationConfig config) {
        this.qute = qute;
        this.json = json;
        this.config = config;
    }

    /** A group of events in the summary: how many of one report type. */
    record Group(String name, String classification, long count) {}

    /** A composed notification: its subject, text and attachment, and the events it carries. */
    record Composed(String subject, String text, PgpMime.Attachment attachment, List<EventView> events) {}

    /**
     * Composes the notification of events to a recipient; the events past the attachment's limits are
     * left out (they go in the next one).
     */
    Composed compose(
            String cirt,
            String reference,
            Recipient to,
            List<EventView> events,
            String fingerprint,
            boolean encrypted) {
        var attachment = to.format() == ContactFormat.JSON ? jsonOf(events) : csvOf(events);
        var carried = events.subList(0, attachment.rows());
        var groups = new LinkedHashMap<String, Group>();
        for (var event : carried) {
            groups.merge(
                    event.reportType(),
                    new Group(event.reportType(), event.classification(), 1),
                    (a, b) -> new Group(a.name(), a.classification(), a.count() + 1));
        }
        var from = carried.stream()
                .map(EventView::observedAt)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        var until = carried.stream()
                .map(EventView::observedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        var name = "events-" + reference.toLowerCase(java.util.Locale.ROOT)
                + (to.format() == ContactFormat.JSON ? ".json" : ".csv");
        var rendered = qute.getTemplate("notification/letter-" + to.language() + ".txt")
                .data("reference", reference)
                .data("cirt", cirt)
                .data("constituent", to.constituentName())
                .data("events", carried.size())
                .data("from", DAY.format(from))
                .data("to", DAY.format(until))
                .data("groups", List.copyOf(groups.values()))
                .data("attachment", name)
                .data("fingerprint", fingerprint)
                .data("encrypted", encrypted)
                .render();
        var split = rendered.indexOf('\n');
        var subject = rendered.substring(0, split).strip();
        var text = rendered.substring(split + 1).stripLeading();
        return new Composed(
                subject.length() > 300 ? subject.substring(0, 300) : subject,
                text,
                new PgpMime.Attachment(name, attachment.contentType(), attachment.bytes()),
                carried);
    }

    private record Attached(byte[] bytes, String contentType, int rows) {}

    private Attached csvOf(List<EventView> events) {
        var extra = new LinkedHashSet<String>();
        events.forEach(e -> extra.addAll(e.fields().keySet()));
        var header = new ArrayList<>(COLUMNS);
        header.addAll(extra);
        var rows = new ArrayList<List<String>>();
        for (var e : events) {
            var row = new ArrayList<String>(List.of(
                    e.observedAt().toString(),
                    text(e.ip()),
                    text(e.port()),
                    text(e.protocol()),
                    text(e.asn()),
                    text(e.hostname()),
                    text(e.reportType()),
                    text(e.classification()),
                    text(e.identifier())));
            extra.forEach(column -> row.add(text(e.fields().get(column))));
            rows.add(row);
        }
        var csv = EventCsv.write(header, rows, config.maxEventsPerMessage(), config.maxAttachmentBytes());
        return new Attached(csv.bytes(), EventCsv.CONTENT_TYPE, csv.rowsWritten());
    }

    private Attached jsonOf(List<EventView> events) {
        var kept = new ArrayList<Map<String, Object>>();
        long size = 2;
        for (var e : events) {
            if (kept.size() >= config.maxEventsPerMessage()) {
                break;
            }
            var item = new LinkedHashMap<String, Object>();
            item.put("observed_at", e.observedAt().toString());
            item.put("ip", e.ip());
            item.put("port", e.port());
            item.put("protocol", e.protocol());
            item.put("asn", e.asn());
            item.put("hostname", e.hostname());
            item.put("report_type", e.reportType());
            item.put("classification", e.classification());
            item.put("identifier", e.identifier());
            item.put("fields", e.fields());
            try {
                size += json.writeValueAsBytes(item).length + 1;
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("an event cannot be written as JSON", ex);
            }
            if (size > config.maxAttachmentBytes() && !kept.isEmpty()) {
                break;
            }
            kept.add(item);
        }
        try {
            return new Attached(
                    json.writeValueAsString(kept).getBytes(StandardCharsets.UTF_8), "application/json", kept.size());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("events cannot be written as JSON", ex);
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
