package org.opencirt.console.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the console's exchange pages (partners, sharing groups, the "Share" section, incoming), in English;
 * {@code messages/msgx_fr.properties} and {@code msgx_ar.properties} translate every one of them. Templates use them
 * as {@code {msgx:key}}. A bundle of its own because Qute splits the lookup of a bundle over 300 messages into
 * several methods, which fails in Quarkus 3.33 ({@code VerifyError} at start-up); {@link ConsoleMessages} stays
 * below that.
 */
@MessageBundle("msgx")
public interface ExchangeMessages {

    @Message("Partners")
    String nav_partners();

    @Message("Incoming")
    String nav_incoming();

    @Message("Share")
    String share_title();

    @Message("This advisory has no TLP label: set one before sharing it.")
    String share_no_label();

    @Message("Grants of this object")
    String share_grants();

    @Message("Audience")
    String share_audience();

    @Message("Parts shared")
    String share_parts();

    @Message("Granted")
    String share_granted();

    @Message("Revoked")
    String share_revoked();

    @Message("Revoke")
    String share_revoke();

    @Message("Not shared.")
    String share_none();

    @Message("Sharing group")
    String share_group();

    @Message("No sharing group yet")
    String share_no_group();

    @Message("No partner yet")
    String share_no_partner();

    @Message("Share")
    String share_grant();

    @Message("The community (every CIRT of the platform)")
    String audience_community();

    @Message("A sharing group")
    String audience_group();

    @Message("Named partners")
    String audience_partners();

    @Message("Summary")
    String part_summary();

    @Message("Classification")
    String part_classification();

    @Message("Observables")
    String part_observables();

    @Message("Shareable comments")
    String part_comments();

    @Message("Attachments")
    String part_attachments();

    @Message("The partner was added.")
    String done_partner();

    @Message("The partner was removed.")
    String done_partner_removed();

    @Message("The sharing group was created.")
    String done_group();

    @Message("The members were saved.")
    String done_group_members();

    @Message("The sharing group was removed.")
    String done_group_removed();

    @Message("The referral was accepted.")
    String done_accepted();

    @Message("The referral was declined.")
    String done_declined();

    @Message("{name} was added")
    String partner_created(String name);

    @Message("Client id")
    String partner_client_id();

    @Message("Client secret")
    String partner_client_secret();

    @Message("Your partners")
    String partner_list();

    @Message("Name")
    String partner_name();

    @Message("Country")
    String partner_country();

    @Message("Contacts")
    String partner_contacts();

    @Message("CIRT of this platform")
    String partner_kind_cirt();

    @Message("Remote organisation")
    String partner_kind_remote();

    @Message("Add a CIRT of this platform")
    String partner_add_cirt();

    @Message("CIRT")
    String partner_cirt();

    @Message("Name (optional: the CIRT's name by default)")
    String partner_name_optional();

    @Message("Add a remote organisation")
    String partner_add_remote();

    @Message("Country (two-letter ISO code, optional)")
    String partner_country_code();

    @Message("Contact addresses, one per line")
    String partner_contacts_lines();

    @Message("Connection details for remote partners")
    String partner_connection();

    @Message("TAXII discovery URL")
    String partner_discovery();

    @Message("TAXII API root URL")
    String partner_api_root();

    @Message("Keycloak token URL")
    String partner_token_url();

    @Message("Get a token and read the discovery document (CLIENT_SECRET holds the secret handed over):")
    String partner_how_token();

    @Message("Sharing groups")
    String group_list();

    @Message("Members")
    String group_members();

    @Message("Members of {name}")
    String group_change_members(String name);

    @Message("New sharing group")
    String group_add();

    @Message("Create the group")
    String group_create();

    @Message("Incidents shared with your CIRT")
    String incoming_shared();

    @Message("Read-only copies: only the parts their owner shared, as they are now.")
    String incoming_shared_intro();

    @Message("(summary not shared)")
    String incoming_untitled();

    @Message("Shared by {cirt} since {when}")
    String incoming_source(String cirt, String when);

    @Message("Shared by {cirt}")
    String queue_shared_by(String cirt);

    @Message("Advisories shared with your CIRT")
    String incoming_advisories();

    @Message("Read-only: the CSAF document as its CIRT holds it now (API: /api/v1/shared/advisories).")
    String incoming_advisories_intro();

    @Message("Tracking ID")
    String incoming_tracking();

    @Message("Open as an incident of ours")
    String incoming_adopt();

    @Message("Our incident opened from it")
    String incoming_opened_as();

    @Message("Owner's reference")
    String incoming_reference();

    @Message("Referrals received")
    String incoming_received();

    @Message("From")
    String incoming_from();

    @Message("Incident")
    String incoming_incident();

    @Message("Note")
    String incoming_note();

    @Message("Answer")
    String incoming_answer();

    @Message("Open the incident")
    String incoming_open();

    @Message("Accept")
    String incoming_accept();

    @Message("Decline")
    String incoming_decline();

    @Message("Referrals sent")
    String incoming_sent();

    @Message("To")
    String incoming_to();

    @Message("Recipient's incident")
    String incoming_recipient_state();

    @Message("Waiting for an answer")
    String referral_referred();

    @Message("Accepted")
    String referral_accepted();

    @Message("Declined")
    String referral_declined();

    @Message("Delivered")
    String referral_delivered();

    @Message("Not delivered")
    String referral_failed();

    @Message(
            "Copy the client secret now and hand it over safely: it is shown this once only, OpenCIRT does not keep it.")
    String partner_secret_once();

    @Message(
            "A remote partner's tools get a token with its client id and secret (client credentials), then use TAXII 2.1 with it.")
    String partner_connection_intro();

    @Message(
            "A grant of this feed shares its indicators, those it adds later included, up to TLP:AMBER; an entry the feed marks stricter stays with your CIRT.")
    String share_feed_hint();
}
