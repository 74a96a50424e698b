package org.opencirt.notification.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.audit.AuditTrail;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.crypto.RecipientKey;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemMappers;
import org.opencirt.feed.service.FeedService;
import org.opencirt.incident.service.ConstituentEventQueries;
import org.opencirt.incident.service.ConstituentEventQueries.EventView;
import org.opencirt.incident.service.ConstituentEvents;
import org.opencirt.notification.NotificationConfig;
import org.opencirt.notification.mail.PgpMime;
import org.opencirt.notification.repository.NotificationEntity;
import org.opencirt.notification.repository.NotificationRepositories;
import org.opencirt.notification.repository.NotificationRunEntity;
import org.opencirt.tenant.TenantService;
import org.opencirt.tenant.constituency.Cadence;
import org.opencirt.tenant.constituency.ConstituentService;
import org.opencirt.tenant.constituency.ConstituentService.Recipient;

/**
 * Tells constituents about their hosts: a run groups, for each contact, the open events of its
 * constituent it has not heard of, and sends it one message (the summary in its language, the events
 * attached), signed with the CIRT's OpenPGP key as PGP/MIME and encrypted when the contact has a key.
 * Only what the source lets go to the affected party is sent (CLEAR and GREEN; AMBER when the feed
 * says so; never AMBER+STRICT or RED). A contact is told no more often than its cadence, a bounced
 * contact not at all. Each message is recorded, on the incidents of its events and in the audit trail;
 * a dry run records the run and sends nothing.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final NotificationRepositories.Runs runs;
    private final NotificationRepositories.Notifications notifications;
    private final ConstituentService directory;
    private final ConstituentEventQueries eventQueries;
    private final ConstituentEvents events;
    private final FeedService feeds;
    private final TenantService tenants;
    private final SigningKeyService signingKeys;
    private final NotificationLetters letters;
    private final MailSender mail;
    private final AuditTrail audit;
    private final NotificationConfig config;
    private final Clock clock;

    NotificationService(
            NotificationRepositories.Runs runs,
            NotificationRepositories.Notifications notifications,
            ConstituentService directory,
            ConstituentEventQueries eventQueries,
            ConstituentEvents events,
            FeedService feeds,
            TenantService tenants,
            SigningKeyService signingKeys,
            NotificationLetters letters,
            MailSender mail,
            AuditTrail audit,
            NotificationConfig config,
            Clock clock) {
        this.runs = runs;
        this.notifications = notifications;
        this.directory = directory;
        this.eventQueries = eventQueries;
        this.events = events;
        this.feeds = feeds;
        this.tenants = tenants;
        this.signingKeys = signingKeys;
        this.letters = letters;
        this.mail = mail;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** A run as the API shows it, with its messages (or, for a dry run, the messages it would send). */
    public record RunView(
            UUID id,
            String trigger,
            String actor,
            boolean dryRun,
            String status,
            int contacts,
            int messages,
            int events,
            int withheld,
            int throttled,
            int failed,
            String error,
            Instant startedAt,
            Instant finishedAt,
            List<MessageView> notifications) {}

    /**
     * One message: recorded, or in a dry run what it would be.
     *
     * @param text the summary as the contact reads it (a dry run's preview; null for a recorded message)
     */
    public record MessageView(
            UUID id,
            String reference,
            UUID constituent,
            UUID contact,
            String email,
            String language,
            String subject,
            int events,
            boolean encrypted,
            String status,
            int attempts,
            String error,
            Instant sentAt,
            String text) {}

    /**
     * Runs the CIRT's notifications now.
     *
     * @param trigger {@code manual} or {@code scheduled}
     * @param dryRun  compose every message and send none (nothing is marked as told)
     */
    public RunView run(String tenant, String trigger, String actor, boolean dryRun) {
        NotificationRunEntity run;
        try {
            run = QuarkusTransaction.requiringNew().call(() -> start(tenant, trigger, actor, dryRun));
        } catch (RuntimeException e) {
            if (runs.count("tenant = ?1 and status = 'running'", tenant) > 0) {
                throw ApiException.conflict("A notification run of the CIRT is under way; try again when it ends");
            }
            throw e;
        }
        var previews = new ArrayList<MessageView>();
        try {
            var cirt = tenants.get(tenant);
            var from = address(cirt.contactEmail());
            signingKeys.ensureKey(tenant);
            var fingerprint = signingKeys.list(tenant).stream()
                    .filter(SigningKeyService.KeyView::active)
                    .map(SigningKeyService.KeyView::fingerprint)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the CIRT has no active signing key"));
            for (var recipient : directory.recipients(tenant)) {
                if (recipient.bouncedAt() != null) {
                    continue;
                }
                if (run.messages >= config.maxMessagesPerRun() || !due(tenant, recipient)) {
                    run.throttled++;
                    continue;
                }
                var pending = eventQueries.unsentTo(
                        tenant, recipient.constituentId(), recipient.contactId(), config.maxEventsPerMessage());
                var passed = new ArrayList<EventView>();
                for (var event : pending) {
                    if (mayPassOn(tenant, event)) {
                        passed.add(event);
                    } else {
                        run.withheld++;
                    }
                }
                if (passed.isEmpty()) {
                    continue;
                }
                run.contacts++;
                try {
                    var message = notify(tenant, cirt.name(), from, fingerprint, run, recipient, passed);
                    if (message != null) {
                        previews.add(message);
                    }
                } catch (RuntimeException e) {
                    // one contact's message (an address the server refuses to parse, a key gone bad) stops no other
                    run.failed++;
                    LOG.errorf(
                            e, "notification run %s: the message to contact %s failed", run.id, recipient.contactId());
                }
            }
            run.status = "succeeded";
        } catch (RuntimeException e) {
            LOG.errorf(e, "notification run %s of %s failed", run.id, tenant);
            run.status = "failed";
            run.error = "the run stopped: " + e.getClass().getSimpleName();
        }
        run.finishedAt = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> runs.getEntityManager().merge(run));
        return view(run, dryRun ? previews : notificationsOf(tenant, run.id));
    }

    /** The CIRT's runs, newest first. */
    public List<RunView> runs(String tenant, int limit) {
        return runs.latest(tenant, limit).stream().map(r -> view(r, List.of())).toList();
    }

    /** One run of the CIRT with its messages; another CIRT's is not found. */
    public RunView get(String tenant, UUID id) {
        var run = runs.find(tenant, id).orElseThrow(() -> ApiException.notFound("Notification run " + id));
        return view(run, notificationsOf(tenant, id));
    }

    /** The messages sent about a constituent of the CIRT, newest first; another CIRT's constituent is not found. */
    public List<MessageView> ofConstituent(String tenant, UUID constituent, int limit) {
        directory.get(tenant, constituent);
        return notifications.ofConstituent(tenant, constituent, limit).stream()
                .map(NotificationService::message)
                .toList();
    }

    private NotificationRunEntity start(String tenant, String trigger, String actor, boolean dryRun) {
        // a run its replica left behind (it stopped) holds no one up for more than an hour
        runs.update(
                "status = 'failed', error = 'abandoned: its replica stopped', finishedAt = ?1"
                        + " where tenant = ?2 and status = 'running' and startedAt < ?3",
                clock.instant(),
                tenant,
                clock.instant().minus(Duration.ofHours(1)));
        var run = new NotificationRunEntity();
        run.id = UUID.randomUUID();
        run.tenant = tenant;
        run.trigger = trigger;
        run.actor = actor;
        run.dryRun = dryRun;
        run.status = "running";
        run.startedAt = clock.instant();
        runs.persist(run);
        runs.flush();
        return run;
    }

    /** Whether the contact's cadence lets it be told now. */
    private boolean due(String tenant, Recipient recipient) {
        if (recipient.cadence() == Cadence.IMMEDIATE) {
            return true;
        }
        var wait = recipient.cadence() == Cadence.DAILY
                ? Duration.ofHours(23)
                : Duration.ofDays(7).minusHours(1);
        return notifications
                .lastSent(tenant, recipient.contactId())
                .map(last -> !last.plus(wait).isAfter(clock.instant()))
                .orElse(true);
    }

    /** The source's rule: CLEAR and GREEN go; AMBER when the feed lets it go to the affected party; nothing stricter. */
    private boolean mayPassOn(String tenant, EventView event) {
        var tlp = WireEnum.fromWire(Tlp.class, event.tlp());
        return switch (tlp) {
            case CLEAR, GREEN -> true;
            case AMBER -> feeds.amberToAffected(tenant, event.source());
            default -> false;
        };
    }

    /** Composes and (unless dry) sends one message; answers its preview in a dry run, else null. */
    private MessageView notify(
            String tenant,
            String cirt,
            InternetAddress from,
            String fingerprint,
            NotificationRunEntity run,
            Recipient recipient,
            List<EventView> passed) {
        var reference = reference(tenant);
        RecipientKey key = null;
        if (recipient.openpgpKey() != null) {
            try {
                key = RecipientKey.read(recipient.openpgpKey(), clock.instant());
            } catch (IllegalArgumentException e) {
                LOG.warnf(
                        "the key of contact %s no longer serves (%s): signed, not encrypted",
                        recipient.contactId(), e.getMessage());
            }
        }
        var composed = letters.compose(cirt, reference, recipient, passed, fingerprint, key != null);
        run.messages++;
        run.events += composed.events().size();
        if (run.dryRun) {
            return new MessageView(
                    null,
                    reference,
                    recipient.constituentId(),
                    recipient.contactId(),
                    recipient.email(),
                    recipient.language(),
                    composed.subject(),
                    composed.events().size(),
                    key != null,
                    "PREVIEW",
                    0,
                    null,
                    null,
                    composed.text());
        }
        var now = clock.instant();
        var letter = new PgpMime.Letter(
                from,
                address(recipient.email()),
                composed.subject(),
                List.of(
                        new PgpMime.Header("X-OpenCIRT-Reference", reference),
                        new PgpMime.Header("Auto-Submitted", "auto-generated"),
                        new PgpMime.Header("Reply-To", from.getAddress())),
                composed.text(),
                List.of(composed.attachment()));
        var signer = new PgpMime.Signer() {
            @Override
            public String sign(byte[] content, Instant at) {
                return signingKeys.sign(tenant, content, at).armored();
            }

            @Override
            public String micalg() {
                return signingKeys.micalg();
            }
        };
        var domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        var message =
                PgpMime.build(mail.session(), letter, signer, key == null ? null : key.encryptionKey(), domain, now);
        var entity = new NotificationEntity();
        entity.id = UUID.randomUUID();
        entity.tenant = tenant;
        entity.reference = reference;
        entity.runId = run.id;
        entity.constituentId = recipient.constituentId();
        entity.contactId = recipient.contactId();
        entity.email = recipient.email();
        entity.language = recipient.language();
        entity.subject = composed.subject();
        entity.events = composed.events().size();
        entity.encrypted = key != null;
        entity.createdAt = now;
        String error = null;
        for (int attempt = 1; attempt <= config.sendAttempts(); attempt++) {
            entity.attempts = attempt;
            try {
                mail.send(message);
                error = null;
                entity.messageId = message.getMessageID();
                break;
            } catch (MessagingException e) {
                error = "the mail server did not take the message";
                LOG.warnf(
                        "notification %s to contact %s, attempt %d: %s",
                        reference, recipient.contactId(), attempt, e.getMessage());
            }
        }
        entity.status = error == null ? "SENT" : "FAILED";
        entity.error = error;
        entity.sentAt = error == null ? clock.instant() : null;
        if (error != null) {
            run.failed++;
        }
        var eventIds = composed.events().stream().map(EventView::id).toList();
        record(run, entity, recipient, eventIds);
        return null;
    }

    /** Attempts at recording a sent message that meets a concurrent change of one of its incidents. */
    static final int RECORD_ATTEMPTS = 8;

    /**
     * Records a message: its row, the notices on its events and incidents, its audit entry, in one
     * transaction. A playbook still changing one of the incidents makes it meet a concurrent change; it
     * is recorded again then, or the message would be sent again by the next run.
     */
    private void record(
            NotificationRunEntity run, NotificationEntity entity, Recipient recipient, List<UUID> eventIds) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    notifications.getEntityManager().merge(entity);
                    if (entity.sentAt != null) {
                        events.noticed(
                                entity.tenant,
                                recipient.contactId(),
                                entity.id,
                                entity.reference,
                                recipient.email(),
                                eventIds);
                    }
                    audit.append(new AuditTrail.Draft(
                            entity.tenant,
                            "notification-run:" + run.id,
                            "",
                            entity.status.equals("SENT") ? "notification.sent" : "notification.failed",
                            "notification",
                            entity.reference,
                            run.id.toString(),
                            "",
                            null));
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= RECORD_ATTEMPTS || !ProblemMappers.isConcurrentChange(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private List<MessageView> notificationsOf(String tenant, UUID run) {
        return notifications.ofRun(tenant, run).stream()
                .map(NotificationService::message)
                .toList();
    }

    private static MessageView message(NotificationEntity n) {
        return new MessageView(
                n.id,
                n.reference,
                n.constituentId,
                n.contactId,
                n.email,
                n.language,
                n.subject,
                n.events,
                n.encrypted,
                n.status.toLowerCase(Locale.ROOT),
                n.attempts,
                n.error,
                n.sentAt,
                null);
    }

    private static RunView view(NotificationRunEntity r, List<MessageView> messages) {
        return new RunView(
                r.id,
                r.trigger,
                r.actor,
                r.dryRun,
                r.status,
                r.contacts,
                r.messages,
                r.events,
                r.withheld,
                r.throttled,
                r.failed,
                r.error,
                r.startedAt,
                r.finishedAt,
                messages);
    }

    /** A reference a person can read out: the CIRT, N, the day, six letters or digits. */
    private String reference(String tenant) {
        var suffix = new char[6];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        var day =
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString().replace("-", "");
        return "%s-N-%s-%s".formatted(tenant.toUpperCase(Locale.ROOT), day, new String(suffix));
    }

    private static InternetAddress address(String email) {
        try {
            return new InternetAddress(email, true);
        } catch (AddressException e) {
            throw new IllegalStateException("not a mailbox: the CIRT's contact address or a contact's", e);
        }
    }
}
