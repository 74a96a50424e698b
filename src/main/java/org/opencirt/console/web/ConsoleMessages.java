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
}
