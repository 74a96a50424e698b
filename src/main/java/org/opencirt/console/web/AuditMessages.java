package org.opencirt.console.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the console's audit page, in English; {@code messages/msga_fr.properties} and {@code msga_ar.properties}
 * translate every one of them. Templates use them as {@code {msga:key}}. A bundle of its own, like
 * {@link ExchangeMessages}, so that {@link ConsoleMessages} stays below Qute's split threshold.
 */
@MessageBundle("msga")
public interface AuditMessages {

    @Message("Audit trail")
    String nav_audit();

    @Message("Platform")
    String audit_platform();

    @Message("Audit trail")
    String audit_title();

    @Message("Audit trail of the platform")
    String audit_title_platform();

    @Message("Every change made in your CIRT, and every read that carried its content out, newest first.")
    String audit_intro();

    @Message("The platform's own actions (CIRTs onboarded, platform-wide operations); never a CIRT's content.")
    String audit_intro_platform();

    @Message("Filter the trail")
    String audit_filters();

    @Message("Actor")
    String audit_actor();

    @Message("Action")
    String audit_action();

    @Message("Object type")
    String audit_object_type();

    @Message("Object id")
    String audit_object_id();

    @Message("From")
    String audit_from();

    @Message("Until (excluded)")
    String audit_to();

    @Message("Times in UTC, such as 2026-01-31T00:00.")
    String audit_time_hint();

    @Message("Apply")
    String audit_apply();

    @Message("Verify the chain")
    String audit_verify();

    @Message("The chain holds: {entries} entries checked, head {headSeq} ({headHash}).")
    String audit_verified(long entries, long headSeq, String headHash);

    @Message("The chain is broken at entry {brokenAt}: {problem}")
    String audit_broken(Long brokenAt, String problem);

    @Message("Download CSV")
    String audit_download_csv();

    @Message("Download JSON")
    String audit_download_json();

    @Message("The filtered entries, at most {max} per download.")
    String audit_download_limit(int max);

    @Message("No.")
    String audit_seq();

    @Message("When (UTC)")
    String audit_when();

    @Message("Roles")
    String audit_roles();

    @Message("Object")
    String audit_object();

    @Message("Request")
    String audit_request();

    @Message("Address")
    String audit_source();

    @Message("No entry matches.")
    String audit_none();

    @Message("Pages of the trail")
    String audit_pages();

    @Message("Newest entries")
    String audit_newest();

    @Message("Older entries")
    String audit_older();
}
