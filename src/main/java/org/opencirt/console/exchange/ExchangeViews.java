package org.opencirt.console.exchange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencirt.exchange.service.PartnerService.GroupView;
import org.opencirt.exchange.service.PartnerService.PartnerView;

/** View models of the console's exchange pages (partners, sharing groups, grants, incoming). */
public final class ExchangeViews {

    private ExchangeViews() {}

    /** A partner or a group as a choice in a form. */
    public record Named(UUID id, String name) {}

    /**
     * One audience of the grant form; {@code refusal} is the TLP rule that forbids it for the object (the API's 400
     * words), null when allowed.
     */
    public record AudienceOption(String audience, String refusal) {

        public boolean allowed() {
            return refusal == null;
        }
    }

    /** A grant of the object, as the share section lists it. */
    public record GrantRow(
            UUID id,
            String audience,
            String recipients,
            List<String> parts,
            Instant grantedAt,
            String grantedBy,
            Instant revokedAt,
            String revokedBy) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    /**
     * The "Share" section of an incident or an advisory: its grants, and the form to grant when the caller may.
     *
     * @param tlp        the object's label, null for an advisory without one (nothing can be shared then)
     * @param canGrant   a lead or CIRT admin: the form and the revoke buttons are shown
     * @param audiences  every audience with the TLP rule forbidding it, if any
     * @param parts      the parts an incident's grant may choose (empty for an advisory)
     */
    public record ShareSection(
            String objectType,
            UUID objectId,
            String tlp,
            List<GrantRow> grants,
            boolean canGrant,
            List<AudienceOption> audiences,
            List<Named> groups,
            List<Named> partners,
            List<String> parts,
            List<String> defaultParts,
            String feed) {

        public boolean anyAllowed() {
            return tlp != null && audiences.stream().anyMatch(AudienceOption::allowed);
        }

        public boolean incident() {
            return objectType.equals("incident");
        }
    }

    /**
     * A partner on the partners page; for a remote partner, {@code curl} shows how its tools get a token (the secret
     * as a shell variable: OpenCIRT does not keep it).
     */
    public record PartnerRow(PartnerView partner, String curl) {

        public boolean remote() {
            return partner.clientId() != null;
        }
    }

    /** A sharing group with its members' names. */
    public record GroupRow(GroupView group, List<String> memberNames) {

        public boolean has(UUID partner) {
            return group.members().contains(partner);
        }
    }

    /** A CIRT of this platform that the CIRT admin may add as a partner. */
    public record CirtChoice(String id, String name) {}

    /** Where a remote partner's tools connect: the TAXII discovery and API root, the token endpoint. */
    public record Connection(String discovery, String apiRoot, String tokenUrl) {}
}
