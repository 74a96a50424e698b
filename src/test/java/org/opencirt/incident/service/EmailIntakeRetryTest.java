package org.opencirt.incident.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.util.UUID;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * E-mail intake attempts each message in a transaction of its own and, when that meets a
 * concurrent change of the incident, again (SmallRye Fault Tolerance); any other failure is not
 * retried. The race itself is {@code EmailThreadingTest.aReplyWhileThePlaybooksOfANewIncidentRunIsAddedOnce}.
 */
@QuarkusTest
class EmailIntakeRetryTest {

    private static final String ATTEMPT = EmailIntakeService.class.getName() + ".attempt";

    @Inject
    EmailIntakeService intake;

    @Inject
    MeterRegistry meters;

    @Test
    void eachMessageGoesThroughTheRetryOfItsAttempt() {
        var before = retryCalls();
        var raw = """
                From: soc@bank.example
                To: cert@cert-ab.example.org
                Subject: Retried intake %s
                Message-ID: <%s@sender.example>
                Content-Type: text/plain; charset=utf-8

                A phishing mail.
                """.formatted(UUID.randomUUID(), UUID.randomUUID()).replace("\n", "\r\n");

        var taken = intake.intake("cert-ab", raw.getBytes(UTF_8), "test:email-intake");

        assertThat(taken.reply()).isFalse();
        assertThat(retryCalls())
                .as("the attempt, called from within the bean, is intercepted")
                .isEqualTo(before + 1);
    }

    @Test
    void onlyAVersionConflictAnywhereInTheCausesIsRetried() {
        var concurrent = new EmailIntakeService.ConcurrentChange();

        assertThat(concurrent.test(new IllegalStateException("commit failed", new OptimisticLockException())))
                .isTrue();
        assertThat(concurrent.test(new StaleObjectStateException("Incident", UUID.randomUUID())))
                .isTrue();
        assertThat(concurrent.test(new ApiException(ProblemType.BAD_REQUEST, "not an e-mail")))
                .isFalse();
        assertThat(concurrent.test(new IllegalStateException("database down"))).isFalse();
    }

    private double retryCalls() {
        return meters.find("ft.retry.calls.total").tag("method", ATTEMPT).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
