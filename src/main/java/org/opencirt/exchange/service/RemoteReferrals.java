package org.opencirt.exchange.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.ReferralState;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Partner;
import org.opencirt.exchange.repository.Referral;
import org.opencirt.exchange.stix.StixMapper;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentViews.IncidentView;

/**
 * Delivers referrals to remote partners by e-mail: a message in plain words to the partner's contacts, with the STIX
 * 2.1 bundle of the parts referred attached. The bundle is built in the referral's transaction (what was chosen, as it
 * was then); the message leaves after the commit, off the request, and a refused or failed send is tried again a
 * bounded number of times with growing pauses. The outcome ends the referral {@code delivered} or {@code failed} (with
 * a reason code, never the server's words) and goes on the incident's timeline.
 */
@ApplicationScoped
public class RemoteReferrals {

    static final String EMAIL = "email";
    /** Sends after the first, so a relay restarting or answering "try later" does not fail the referral. */
    static final int RETRIES = 4;

    private static final Logger LOG = Logger.getLogger(RemoteReferrals.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(20);
    private static final String STIX_MEDIA_TYPE = "application/stix+json;version=2.1";

    /** A referral's message, ready to leave once the referral is committed. */
    record Outgoing(
            String tenant, UUID referral, UUID incident, List<String> to, String subject, String body, byte[] bundle) {}

    private final Event<Outgoing> outgoing;
    private final ReactiveMailer mailer;
    private final StixExports exports;
    private final ExchangeRepositories.Referrals referrals;
    private final IncidentActivityService activity;
    private final ObjectMapper json;
    private final Clock clock;

    RemoteReferrals(
            Event<Outgoing> outgoing,
            ReactiveMailer mailer,
            StixExports exports,
            ExchangeRepositories.Referrals referrals,
            IncidentActivityService activity,
            ObjectMapper json,
            Clock clock) {
        this.outgoing = outgoing;
        this.mailer = mailer;
        this.exports = exports;
        this.referrals = referrals;
        this.activity = activity;
        this.json = json;
        this.clock = clock;
    }

    /** Prepares the message of a referral being stored; it is sent once the transaction commits. */
    void send(Referral referral, Partner partner, IncidentView shared, List<IncidentPart> parts, String sender) {
        var producer = exports.producer(referral.tenant);
        var facts = StixExports.facts(shared, EnumSet.copyOf(parts), null, null, false);
        byte[] bundle;
        try {
            bundle = json.writeValueAsBytes(StixMapper.bundle(producer, StixMapper.incident(producer, facts)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A STIX bundle could not be written", e);
        }
        var label = "TLP:" + shared.tlp().wire();
        var what = referral.observable != null
                ? "an observable of an incident (" + referral.observable + ")"
                : parts.contains(IncidentPart.SUMMARY) ? "an incident: " + oneLine(shared.title()) : "an incident";
        var subject = "[%s] Referral from %s: %s".formatted(label, oneLine(sender), what);
        var body = new StringBuilder()
                .append(sender)
                .append(" refers ")
                .append(what)
                .append(" to ")
                .append(partner.name)
                .append(", for you to handle.\n\n");
        if (referral.note != null && !referral.note.isBlank()) {
            body.append(referral.note.strip()).append("\n\n");
        }
        body.append("It is labelled ")
                .append(label)
                .append(": share it only as that label allows.\n")
                .append("The parts referred (")
                .append(String.join(", ", referral.parts))
                .append(") are in the attached STIX 2.1 bundle, referral-")
                .append(referral.id)
                .append(".json.\n");
        outgoing.fire(new Outgoing(
                referral.tenant,
                referral.id,
                referral.incidentId,
                List.copyOf(partner.contacts),
                subject,
                body.toString(),
                bundle));
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outgoing message) {
        var mail = new Mail()
                .setTo(message.to())
                .setSubject(message.subject())
                .setText(message.body())
                .addAttachment("referral-%s.json".formatted(message.referral()), message.bundle(), STIX_MEDIA_TYPE);
        mailer.send(mail)
                .onFailure()
                .invoke(failure -> LOG.debugf(
                        "referral %s not sent yet, will retry: %s",
                        message.referral(), failure.getClass().getSimpleName()))
                .onFailure()
                .retry()
                .withBackOff(FIRST_PAUSE, LONGEST_PAUSE)
                .atMost(RETRIES)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .subscribe()
                .with(sent -> outcome(message, null), failure -> {
                    LOG.warnf(
                            "referral %s not delivered: %s",
                            message.referral(), failure.getClass().getSimpleName());
                    outcome(message, reason(failure));
                });
    }

    /** Records the delivery's outcome: {@code failure} null when the relay took the message. */
    private void outcome(Outgoing message, String failure) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                var referral =
                        referrals.findFor(message.tenant(), message.referral()).orElse(null);
                if (referral == null || referral.state != ReferralState.REFERRED) {
                    return;
                }
                referral.state = failure == null ? ReferralState.DELIVERED : ReferralState.FAILED;
                referral.failure = failure;
                referral.deliveredAt = failure == null ? clock.instant() : null;
                activity.recordEvent(
                        message.tenant(),
                        message.incident(),
                        failure == null ? "referral-delivered" : "referral-failed",
                        failure == null ? referral.partnerName : referral.partnerName + ": " + failure,
                        "referral:" + EMAIL);
            });
        } catch (RuntimeException e) {
            LOG.errorf(
                    "the outcome of referral %s was not recorded: %s",
                    message.referral(), e.getClass().getSimpleName());
        }
    }

    /** A plain reason: the relay could not be reached, or it turned the message away. */
    static String reason(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return "mail-server-unreachable";
            }
        }
        return "mail-not-accepted";
    }

    private static String oneLine(String text) {
        return text == null
                ? ""
                : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
