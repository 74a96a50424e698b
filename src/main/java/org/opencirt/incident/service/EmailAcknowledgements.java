package org.opencirt.incident.service;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.opencirt.incident.service.EmailIntakeService.EmailIncidentCreated;

/**
 * Acknowledges an e-mail that opened an incident, to its sender, once the incident is stored:
 * the reference, and the reply token in the subject so that the sender's reply threads to it.
 * Sent in the background: a slow or absent SMTP server never holds up or fails the intake. A
 * refused or failed send is tried again, with growing pauses, for about a minute: a relay that
 * restarts or answers "try later" does not cost the reporter their reply tag. (A relay that took
 * the message but dropped the connection before confirming it may get it twice.)
 */
@ApplicationScoped
class EmailAcknowledgements {

    private static final Logger LOG = Logger.getLogger(EmailAcknowledgements.class);
    private static final int RETRIES = 6;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final ReactiveMailer mailer;
    private final IncidentConfig config;

    EmailAcknowledgements(ReactiveMailer mailer, IncidentConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) EmailIncidentCreated created) {
        if (!config.email().acknowledge()) {
            return;
        }
        var subject = "%s Received: %s"
                .formatted(
                        ReplyTokens.subjectTag(created.reference(), created.replyToken()),
                        created.subject().replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " "));
        var body = """
                Your report was registered as %s.

                To add information, reply to this message and keep the subject as it is: the tag in
                it files your reply with your report.
                """.formatted(created.reference());
        mailer.send(Mail.withText(created.to(), subject, body))
                .onFailure()
                .invoke(failure -> LOG.debugf(
                        "acknowledgement of %s failed, will retry: %s",
                        created.reference(), failure.getClass().getSimpleName()))
                .onFailure()
                .retry()
                .withBackOff(FIRST_PAUSE, LONGEST_PAUSE)
                .atMost(RETRIES)
                .subscribe()
                .with(
                        sent -> LOG.debugf("acknowledged %s", created.reference()),
                        failure -> LOG.warnf(
                                "acknowledgement of %s not sent: %s",
                                created.reference(), failure.getClass().getSimpleName()));
    }
}
