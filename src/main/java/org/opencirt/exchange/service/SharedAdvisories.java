package org.opencirt.exchange.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.common.Tlp;
import org.opencirt.common.audit.SharedCopy;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.exchange.service.SharedIncidents.Source;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;

/**
 * What a CIRT sees of the advisories other CIRTs shared with it: a read-only copy of the CSAF document as the owner
 * holds it now, with its metadata, marked with its source, read from the owner at each request. An advisory is
 * shared whole (a grant chooses no parts); who wrote, edited or submitted it stays with the owner. A revoked grant,
 * or a label the owner raised since beyond what the grant's audience may receive, stops showing it at once.
 */
@ApplicationScoped
public class SharedAdvisories {

    /** Shared advisories listed at most, newest grant first. */
    static final int MAX_LISTED = 100;

    private final ExchangeRepositories.Grants grants;
    private final AdvisoryService advisories;
    private final TenantService tenants;

    SharedAdvisories(ExchangeRepositories.Grants grants, AdvisoryService advisories, TenantService tenants) {
        this.grants = grants;
        this.advisories = advisories;
        this.tenants = tenants;
    }

    /** A shared advisory as a recipient sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedAdvisory(
            UUID id,
            Source source,
            Instant sharedAt,
            Tlp tlp,
            String trackingId,
            String title,
            String state,
            int publishedVersion,
            Instant updatedAt,
            JsonNode document)
            implements SharedCopy {

        /** The CIRT that shared it, whose audit chain records each read. */
        @Override
        public String ownerCirt() {
            return source.cirt();
        }
    }

    /** The advisories shared with a CIRT, newest grant first; the list leaves the documents out. */
    public List<SharedAdvisory> list(String cirt) {
        var names = names();
        return reaching(cirt, null).values().stream()
                .map(reach -> copy(reach, names))
                .filter(Objects::nonNull)
                .map(a -> new SharedAdvisory(
                        a.id(),
                        a.source(),
                        a.sharedAt(),
                        a.tlp(),
                        a.trackingId(),
                        a.title(),
                        a.state(),
                        a.publishedVersion(),
                        a.updatedAt(),
                        null))
                .toList();
    }

    /** One advisory shared with a CIRT, with its CSAF document, or 404 (also when not shared with it, or no longer). */
    public SharedAdvisory get(String cirt, UUID id) {
        var reach = reaching(cirt, id).get(id);
        var copy = reach == null ? null : copy(reach, names());
        if (copy == null) {
            throw ApiException.notFound("Shared advisory");
        }
        return copy;
    }

    private Map<String, String> names() {
        return tenants.list().stream().collect(Collectors.toMap(TenantView::id, TenantView::name));
    }

    private static final class Reach {
        final String owner;
        final UUID advisory;
        final Set<Audience> audiences = EnumSet.noneOf(Audience.class);
        Instant since;

        Reach(String owner, UUID advisory) {
            this.owner = owner;
            this.advisory = advisory;
        }
    }

    private LinkedHashMap<UUID, Reach> reaching(String cirt, UUID id) {
        var folded = new LinkedHashMap<UUID, Reach>();
        for (SharingGrant grant : grants.reaching(cirt, SharedObjectType.ADVISORY, id, MAX_LISTED)) {
            var reach = folded.computeIfAbsent(grant.objectId, k -> new Reach(grant.tenant, grant.objectId));
            reach.audiences.add(grant.audience);
            reach.since = reach.since == null || grant.grantedAt.isBefore(reach.since) ? grant.grantedAt : reach.since;
        }
        return folded;
    }

    /** The copy, or null when the owner no longer has the advisory or its label no longer lets it reach the CIRT. */
    private SharedAdvisory copy(Reach reach, Map<String, String> names) {
        AdvisoryService.AdvisoryView advisory;
        try {
            advisory = advisories.get(reach.owner, reach.advisory);
        } catch (ApiException gone) {
            return null;
        }
        var tlp = Tlp.ofLabel(advisory.tlp()).orElse(null);
        if (tlp == null
                || reach.audiences.stream()
                        .allMatch(a -> SharingRules.refusal(tlp, a).isPresent())) {
            return null;
        }
        return new SharedAdvisory(
                advisory.id(),
                new Source(reach.owner, names.get(reach.owner)),
                reach.since,
                tlp,
                advisory.trackingId(),
                advisory.title(),
                advisory.state(),
                advisory.publishedVersion(),
                advisory.updatedAt(),
                advisory.document());
    }
}
