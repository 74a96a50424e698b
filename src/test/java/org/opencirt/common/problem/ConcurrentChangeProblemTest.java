package org.opencirt.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

/**
 * A version conflict met when a transaction writes (a comment added while a playbook changes the same
 * incident) is a 409 that says to send the request again, not a 500: however deep the conflict is wrapped.
 */
class ConcurrentChangeProblemTest {

    private static final UriInfo URI = (UriInfo) Proxy.newProxyInstance(
            UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class},
            (proxy, method, args) -> method.getName().equals("getPath") ? "/api/v1/incidents/x/comments" : null);

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aVersionConflictAtCommitIsAConflictToRetry() {
        var atCommit = new RuntimeException(new RollbackException("rolled back"));
        atCommit.getCause().initCause(new OptimisticLockException("Row was updated or deleted by another transaction"));

        var response = mappers.unexpected(atCommit, URI);

        assertThat(response.getStatus()).isEqualTo(409);
        var problem = (Problem) response.getEntity();
        assertThat(problem.detail()).contains("send it again").doesNotContain("Row was updated", "Exception");
        assertThat(problem.errorId()).isNull();
    }

    @Test
    void hibernatesOwnStaleStateIsOneToo() {
        var response = mappers.unexpected(new StaleObjectStateException("Incident", "id"), URI);
        assertThat(response.getStatus()).isEqualTo(409);
    }

    @Test
    void anythingElseStaysAServerErrorWithAnId() {
        var response = mappers.unexpected(new IllegalStateException("boom"), URI);
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).errorId()).isNotNull();
    }
}
