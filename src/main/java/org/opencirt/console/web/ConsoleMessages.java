package org.opencirt.console.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text of the console, in English; {@code messages/msg_fr.properties} and {@code msg_ar.properties}
 * translate them (a test checks that French is complete). Templates use them as {@code {msg:key}}.
 */
@MessageBundle
public interface ConsoleMessages {

    // ------------------------------------------------------------ layout
    @Message("OpenCIRT console")
    String app_name();

    @Message("Skip to the content")
    String skip_to_content();

    @Message("Main navigation")
    String nav_label();

    @Message("Overview")
    String nav_home();

    @Message("Queue")
    String nav_queue();

    @Message("Search")
    String nav_search();

    @Message("Feeds")
    String nav_feeds();

    @Message("Playbooks")
    String nav_playbooks();

    @Message("Advisories")
    String nav_advisories();

    @Message("Dashboards")
    String nav_dashboards();

    @Message("Signed in as {user}")
    String signed_in_as(String user);

    @Message("National CIRT")
    String cirt_label();

    @Message("Language")
    String language_label();

    @Message("Change language")
    String language_change();

    @Message("Sign out")
    String sign_out();

    // ------------------------------------------------------------ home
    @Message("Welcome, {user}")
    String home_title(String user);

    @Message("You work for {cirt}.")
    String home_cirt(String cirt);

    @Message("Open incidents")
    String home_open();

    @Message("New, not yet triaged")
    String home_new();

    @Message("Assigned to you")
    String home_mine();

    @Message("Your roles")
    String home_roles();

    // ------------------------------------------------------------ signed out, errors
    @Message("You are signed out")
    String signed_out_title();

    @Message("Your console session has ended.")
    String signed_out_text();

    @Message("Sign in again")
    String sign_in_again();

    @Message("Error {status}")
    String error_heading(int status);

    @Message("The request is not valid.")
    String error_400();

    @Message("You are not allowed to do this.")
    String error_403();

    @Message("This page does not exist, or it is not yours to see.")
    String error_404();

    @Message("This conflicts with the current state.")
    String error_409();

    @Message("Someone changed this meanwhile; reload the page and try again.")
    String error_412();

    @Message("Something went wrong.")
    String error_other();

    @Message("Details")
    String error_detail();

    @Message("Error id (give it to your administrator)")
    String error_id();

    @Message("Back to the console")
    String error_back();

    // ------------------------------------------------------------ queue, bulk actions, incident workspace
    @Message("Incident queue")
    String queue_title();

    @Message("Views")
    String queue_views();

    @Message("Filters")
    String queue_filters();

    @Message("Text")
    String queue_text();

    @Message("Any")
    String any();

    @Message("Sort by")
    String queue_sort();

    @Message("Per page")
    String queue_page_size();

    @Message("Apply")
    String queue_apply();

    @Message("{total} incidents")
    String queue_total(long total);

    @Message("Select all on this page")
    String queue_select_all();

    @Message("Select {reference}")
    String queue_select(String reference);

    @Message("No incident matches these filters.")
    String queue_empty();

    @Message("With the selected incidents")
    String queue_bulk();

    @Message("Assign")
    String queue_bulk_assign();

    @Message("Close")
    String queue_bulk_close();

    @Message("Pages")
    String queue_pages();

    @Message("First page")
    String queue_first();

    @Message("Next page")
    String queue_next();

    @Message("Open")
    String view_open();

    @Message("New")
    String view_new();

    @Message("Mine")
    String view_mine();

    @Message("Critical and high")
    String view_urgent();

    @Message("All")
    String view_all();

    @Message("State")
    String field_state();

    @Message("Severity")
    String field_severity();

    @Message("Category")
    String field_category();

    @Message("Assignee")
    String field_assignee();

    @Message("Reference")
    String field_reference();

    @Message("Title")
    String field_title();

    @Message("Priority")
    String field_priority();

    @Message("Created")
    String field_created();

    @Message("Updated")
    String field_updated();

    @Message("Channel")
    String field_channel();

    @Message("Reporter")
    String field_reporter();

    @Message("Tags")
    String field_tags();

    @Message("Description")
    String field_description();

    @Message("New")
    String state_new();

    @Message("Triaged")
    String state_triaged();

    @Message("In progress")
    String state_in_progress();

    @Message("Waiting")
    String state_waiting();

    @Message("Resolved")
    String state_resolved();

    @Message("Closed")
    String state_closed();

    @Message("Rejected")
    String state_rejected();

    @Message("Duplicate")
    String state_duplicate();

    @Message("False positive")
    String state_false_positive();

    @Message("Low")
    String severity_low();

    @Message("Medium")
    String severity_medium();

    @Message("High")
    String severity_high();

    @Message("Critical")
    String severity_critical();

    @Message("-")
    String severity_none();

    @Message("-")
    String state_none();

    @Message("Newest first")
    String sort__created();

    @Message("Oldest first")
    String sort_created();

    @Message("Recently updated")
    String sort__updated();

    @Message("Most severe first")
    String sort__severity();

    @Message("Least severe first")
    String sort_severity();

    @Message("Highest priority first")
    String sort__priority();

    @Message("Lowest priority first")
    String sort_priority();

    @Message("Reference (A-Z)")
    String sort_reference();

    @Message("Reference (Z-A)")
    String sort__reference();

    @Message("Due date")
    String sort_due();

    @Message("Bulk action")
    String bulk_title();

    @Message("{done} of {total} incidents changed.")
    String bulk_summary(long done, int total);

    @Message("Result")
    String bulk_result();

    @Message("Back to the queue")
    String bulk_back();

    @Message("Done")
    String bulk_done();

    @Message("Skipped (not allowed from this state)")
    String bulk_skipped();

    @Message("Failed")
    String bulk_failed();

    @Message("Back to the queue")
    String back_to_queue();

    @Message("State")
    String ws_state();

    @Message("No change of state is possible from here.")
    String ws_no_transition();

    @Message("Move to")
    String ws_move_to();

    @Message("Reason (optional)")
    String ws_reason();

    @Message("Change state")
    String ws_change_state();

    @Message("Details")
    String ws_details();

    @Message("Save")
    String ws_save();

    @Message("Observables and what they matched")
    String ws_observables();

    @Message("Type")
    String ws_type();

    @Message("Value")
    String ws_value();

    @Message("Matched indicators")
    String ws_matches();

    @Message("No match")
    String ws_no_match();

    @Message("feed {feeds}: {type} {value}, confidence {confidence}, {classification}")
    String ws_match(String feeds, String type, String value, Object confidence, Object classification);

    @Message("None yet.")
    String ws_none();

    @Message("Playbook runs and what they changed")
    String ws_runs();

    @Message("matched")
    String ws_run_matched();

    @Message("did not match")
    String ws_run_not_matched();

    @Message("Tasks")
    String ws_tasks();

    @Message("New task")
    String ws_new_task();

    @Message("Add the task")
    String ws_add_task();

    @Message("Attachments")
    String ws_attachments();

    @Message("File")
    String ws_file();

    @Message("Attach")
    String ws_upload();

    @Message("Comments")
    String ws_comments();

    @Message("New comment")
    String ws_new_comment();

    @Message("Visibility")
    String ws_visibility();

    @Message("Add the comment")
    String ws_add_comment();

    @Message("Timeline")
    String ws_timeline();

    @Message("Open")
    String task_open();

    @Message("Done")
    String task_done();

    @Message("Cancelled")
    String task_cancelled();

    @Message("Internal")
    String visibility_internal();

    @Message("Shareable")
    String visibility_shareable();

    @Message("The state was changed.")
    String done_transition();

    @Message("The changes were saved.")
    String done_fields();

    @Message("The comment was added.")
    String done_comment();

    @Message("The task was saved.")
    String done_task();

    @Message("The file was attached.")
    String done_attachment();

    // ------------------------------------------------------------ feeds, playbooks
    @Message("Yes")
    String yes();

    @Message("No")
    String no();

    @Message("Threat feeds")
    String feeds_title();

    @Message(
            "Your CIRT's quota: {feeds} of {maxFeeds} feeds, {fetchedMb} of {perDayMb} MB fetched today (UTC), {going} of {concurrent} run(s) going, schedules at most every {minInterval}.")
    String feeds_quota(
            long feeds, int maxFeeds, long fetchedMb, long perDayMb, long going, int concurrent, String minInterval);

    @Message("Feed")
    String feeds_feed();

    @Message("Scope")
    String feeds_scope();

    @Message("Enabled")
    String feeds_enabled();

    @Message("Status")
    String feeds_status();

    @Message("Last run")
    String feeds_last_run();

    @Message("New indicators")
    String feeds_created();

    @Message("Updated indicators")
    String feeds_updated();

    @Message("Invalid entries")
    String feeds_invalid();

    @Message("Error")
    String feeds_error();

    @Message("Never run yet.")
    String feeds_never_run();

    @Message("Back to the feeds")
    String feeds_back();

    @Message("Back to {name}")
    String feeds_back_to(String name);

    @Message("Id")
    String feeds_id();

    @Message("Format")
    String feeds_format();

    @Message("Schedule")
    String feeds_schedule();

    @Message("Run now")
    String feeds_run_now();

    @Message("A lead or the CIRT admin can run the CIRT's own feeds now; platform feeds are run by the platform admin.")
    String feeds_run_who();

    @Message("Run history")
    String feeds_runs();

    @Message("Started")
    String feeds_started();

    @Message("Finished")
    String feeds_finished();

    @Message("Trigger")
    String feeds_trigger();

    @Message("Values read")
    String feeds_parsed();

    @Message("Matches")
    String feeds_matches();

    @Message("Run of {name}")
    String feeds_run_of(String name);

    @Message("Refresh")
    String feeds_refresh();

    @Message("Bytes fetched")
    String feeds_bytes();

    @Message("On a warninglist")
    String feeds_warninglisted();

    @Message("Refused by the index")
    String feeds_failed();

    @Message("Incidents raised")
    String feeds_incidents();

    @Message("Invalid entries (samples)")
    String feeds_samples();

    @Message("Playbook")
    String pb_name();

    @Message("Trigger")
    String pb_trigger();

    @Message("Condition")
    String pb_when();

    @Message("Actions")
    String pb_actions();

    @Message("Origin")
    String pb_origin();

    @Message("Shipped")
    String pb_shipped();

    @Message("Own")
    String pb_own();

    @Message("On")
    String pb_on();

    @Message("Off")
    String pb_off();

    @Message("Enable")
    String pb_enable();

    @Message("Disable")
    String pb_disable();

    @Message("Enable {name}")
    String pb_enable_label(String name);

    @Message("Disable {name}")
    String pb_disable_label(String name);

    @Message("Back to the playbooks")
    String pb_back();

    @Message("Dry-run")
    String pb_dry_run();

    @Message(
            "See what this playbook (or your edited version of it) would do to one of your incidents. Nothing is changed.")
    String pb_dry_run_help();

    @Message("Incident reference")
    String pb_incident_reference();

    @Message("Playbook (YAML)")
    String pb_source();

    @Message("Try it")
    String pb_dry_run_button();

    @Message("Result for {incident}")
    String pb_dry_run_result(Object incident);

    @Message("No effect.")
    String pb_no_effect();

    @Message("This was a dry-run: the incident was not changed.")
    String pb_nothing_changed();

    // ------------------------------------------------------------ advisories
    @Message("New advisory")
    String adv_new();

    @Message("Tracking id")
    String adv_tracking();

    @Message("Published version")
    String adv_published_version();

    @Message("Draft")
    String adv_state_draft();

    @Message("In review")
    String adv_state_in_review();

    @Message("Published")
    String adv_state_published();

    @Message("Back to the advisories")
    String adv_back();

    @Message("Please correct the following")
    String adv_fix();

    @Message("Vendors' advisories")
    String vadv_title();

    @Message(
            "CSAF advisories of other providers, kept by the CIRT's csaf-provider feeds once their hash, signature and validity held. Read-only.")
    String vadv_intro();

    @Message("CVE, tracking id, title or publisher")
    String vadv_search_label();

    @Message("Publisher")
    String vadv_publisher();

    @Message("Back to the vendors' advisories")
    String vadv_back();

    @Message("Version")
    String vadv_version();

    @Message("Signed by the key")
    String vadv_signed_by();

    @Message("Served at")
    String vadv_source();

    @Message("feed")
    String vadv_feed();

    @Message("Incidents: raised for constituents running an affected product, or linked by an analyst")
    String vadv_incidents();

    @Message("None")
    String vadv_no_incidents();

    @Message("An incident linked by {who}")
    String vadv_linked_by(String who);

    @Message("Incident (reference or id)")
    String vadv_link_label();

    @Message("Link to this incident")
    String vadv_link();

    @Message("The CSAF document as the vendor served it")
    String vadv_document();

    @Message("Vendors' advisories")
    String adv_vendor_advisories();

    @Message("What the CSAF validator says")
    String adv_findings();

    @Message("Error")
    String adv_finding_error();

    @Message("Warning")
    String adv_finding_warning();

    @Message("Information")
    String adv_finding_info();

    @Message("line {line}")
    String adv_finding_line(Integer line);

    @Message("Summary")
    String adv_summary();

    @Message("Affected product")
    String adv_product();

    @Message("Vendor")
    String adv_vendor();

    @Message("Product name")
    String adv_product_name();

    @Message("Affected versions")
    String adv_versions();

    @Message("Separate versions with commas, e.g. 2.4.0, 2.4.1")
    String adv_comma();

    @Message("Fixed in versions")
    String adv_fixed();

    @Message("Vulnerability")
    String adv_vulnerability();

    @Message("CVSS 3.1 vector")
    String adv_cvss();

    @Message("Recommendations")
    String adv_recommendations();

    @Message("Reference")
    String adv_reference();

    @Message("What it is")
    String adv_reference_summary();

    @Message("Save the draft")
    String adv_save_draft();

    @Message("Edit the draft")
    String adv_edit();

    @Message("Start version {number}")
    String adv_next_version(int number);

    @Message("Edit as CSAF JSON")
    String adv_edit_json();

    @Message("Back to {trackingId}")
    String adv_back_to(String trackingId);

    @Message(
            "This advisory holds more than the form shows (several products, vulnerabilities or references, or other CSAF fields), or you asked for its JSON: edit the CSAF 2.0 document itself, so that nothing is lost. The publisher and tracking fields are set by the platform.")
    String adv_json_why();

    @Message("CSAF 2.0 document (JSON)")
    String adv_json_label();

    @Message("Submit for review")
    String adv_submit();

    @Message("Publish and sign")
    String adv_publish();

    @Message("Send back to draft")
    String adv_reject();

    @Message("Waiting for a lead to publish it.")
    String adv_waiting_lead();

    @Message("Published versions and signatures")
    String adv_versions_signatures();

    @Message("Version")
    String adv_version();

    @Message("File")
    String adv_file();

    @Message("Signature")
    String adv_signature();

    @Message("Key")
    String adv_key();

    @Message("Published by")
    String adv_published_by();

    @Message("Valid (key of {signer})")
    String adv_sig_valid(Object signer);

    @Message("Not valid:")
    String adv_sig_invalid();

    @Message("Not published yet.")
    String adv_not_published();

    @Message("Preview")
    String adv_preview();

    // ------------------------------------------------------------ search
    @Message("Incidents, indicators (a value: address, domain, URL, hash...) and advisories")
    String search_label();

    @Message("Incidents ({total})")
    String search_incidents(long total);

    @Message("Nothing found.")
    String search_nothing();

    @Message("All of them in the queue")
    String search_more();

    @Message("Advisories ({total})")
    String search_advisories(long total);

    @Message("All of them in the advisories")
    String search_more_advisories();

    @Message("Tracking id, title, text, CVE or product")
    String adv_search_label();

    @Message("{total} advisories found")
    String adv_search_found(long total);

    @Message("Indicators from threat feeds")
    String search_indicators();

    @Message("Looked up as {observable}")
    String search_looked_up(String observable);

    @Message("feed {feeds}, confidence {confidence}, {classification}")
    String search_indicator(String feeds, int confidence, Object classification);

    @Message("The text is not an observable value, so no indicator was looked up.")
    String search_not_observable();

    // ------------------------------------------------------------ dashboards
    @Message("The last {days} days, in UTC.")
    String dash_period(int days);

    @Message("Incidents per day by category")
    String dash_by_category();

    @Message("Incidents per day by severity")
    String dash_by_severity();

    @Message("Open and done incidents by state")
    String dash_open_closed();

    @Message("Indicators written per feed")
    String dash_feed_volumes();

    @Message("Download as CSV")
    String dash_csv();

    @Message("No data for this period.")
    String dash_empty();

    @Message("The numbers")
    String dash_table();

    @Message("Mean minutes to triage and to resolve, per category, of the incidents created in the period")
    String dash_response_times();

    @Message(
            "Triage: from creation to the first change out of \"new\". Resolve: from creation to the first change into resolved, closed, rejected, duplicate or false positive. Incidents not there yet are counted but not averaged.")
    String dash_response_times_help();

    @Message("Indicators that matched the most incidents")
    String dash_top_indicators();

    // ------------------------------------------------------------ constituency and people
    @Message("Constituency and people")
    String nav_constituency();

    @Message("Constituency: networks, ASNs and domains")
    String cons_entries();

    @Message("Label")
    String cons_label();

    @Message("Remove")
    String cons_remove();

    @Message("Remove {value}")
    String cons_remove_label(String value);

    @Message("Add")
    String cons_add();

    @Message("People and partner client")
    String cons_people();

    @Message("Partner client (API)")
    String cons_partner();

    @Message("Manage users and clients in Keycloak")
    String cons_keycloak();

    // ------------------------------------------------------------ saved views
    @Message("Your saved views")
    String queue_saved_views();

    @Message("Delete the view {name}")
    String queue_delete_view(String name);

    @Message("Save these filters as")
    String queue_save_view();

    // ------------------------------------------------------------ exchange (the rest: ExchangeMessages)
    @Message("The incident is shared.")
    String done_grant();

    @Message("The grant is revoked.")
    String done_revoke();
}
