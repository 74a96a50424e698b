package org.opencirt.exchange.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.exchange.model.ReferralState;
import org.opencirt.exchange.model.SharedObjectType;

/** The exchange feature's repositories, each scoped to the owning CIRT. */
public final class ExchangeRepositories {

    private ExchangeRepositories() {}

    @ApplicationScoped
    public static class Partners implements PanacheRepositoryBase<Partner, UUID> {

        public List<Partner> listFor(String tenant) {
            return list("tenant = ?1 order by name", tenant);
        }

        public Optional<Partner> findFor(String tenant, UUID id) {
            return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
        }

        public long countFor(String tenant) {
            return count("tenant", tenant);
        }

        public boolean nameTaken(String tenant, String name) {
            return count("tenant = ?1 and lower(name) = lower(?2)", tenant, name) > 0;
        }

        public boolean cirtTaken(String tenant, String cirt) {
            return count("tenant = ?1 and cirt = ?2", tenant, cirt) > 0;
        }

        /** The partner a CIRT declared for another CIRT on this platform. */
        public Optional<Partner> forCirt(String tenant, String cirt) {
            return find("tenant = ?1 and cirt = ?2", tenant, cirt).firstResultOptional();
        }
    }

    @ApplicationScoped
    public static class Groups implements PanacheRepositoryBase<SharingGroup, UUID> {

        public List<SharingGroup> listFor(String tenant) {
            return list("tenant = ?1 order by name", tenant);
        }

        public Optional<SharingGroup> findFor(String tenant, UUID id) {
            return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
        }

        public long countFor(String tenant) {
            return count("tenant", tenant);
        }

        public boolean nameTaken(String tenant, String name) {
            return count("tenant = ?1 and lower(name) = lower(?2)", tenant, name) > 0;
        }

        /** Takes a removed partner out of every group of its CIRT. */
        public void removeMember(String tenant, UUID partner) {
            getEntityManager()
                    .createNativeQuery("update sharing_group set members = array_remove(members, ?1) where tenant = ?2")
                    .setParameter(1, partner)
                    .setParameter(2, tenant)
                    .executeUpdate();
        }
    }

    @ApplicationScoped
    public static class Grants implements PanacheRepositoryBase<SharingGrant, UUID> {

        /**
         * An active grant {@code g} of another CIRT that reaches the CIRT {@code :cirt}: to the community, to the
         * partner record naming that CIRT, or to a sharing group holding that partner.
         */
        private static final String REACHES_CIRT = """
                g.revoked_at is null and g.tenant <> :cirt
                  and (g.audience = 'COMMUNITY' or exists (
                    select 1 from partner p
                    where p.tenant = g.tenant and p.cirt = :cirt
                      and (p.id = any(g.partners)
                           or exists (select 1 from sharing_group s where s.id = g.group_id and p.id = any(s.members)))))
                """;

        public Optional<SharingGrant> findFor(String tenant, UUID id) {
            return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
        }

        public List<SharingGrant> listFor(String tenant, SharedObjectType type, UUID object) {
            return list("tenant = ?1 and objectType = ?2 and objectId = ?3 order by grantedAt", tenant, type, object);
        }

        public long activeFor(String tenant, SharedObjectType type, UUID object) {
            return count(
                    "tenant = ?1 and objectType = ?2 and objectId = ?3 and revokedAt is null", tenant, type, object);
        }

        /** Whether an active grant names the partner (a group's grants follow the group's members). */
        public boolean activeNaming(String tenant, UUID partner) {
            var found = getEntityManager()
                    .createNativeQuery(
                            "select count(*) from sharing_grant where tenant = ?1 and revoked_at is null and ?2 = any(partners)")
                    .setParameter(1, tenant)
                    .setParameter(2, partner)
                    .getSingleResult();
            return ((Number) found).longValue() > 0;
        }

        /**
         * The active grants of other CIRTs' objects of a type that reach a CIRT: to the community, to a partner
         * that is this CIRT, or to a group holding such a partner. Newest first, at most {@code limit}; with an
         * object id, only that object's.
         */
        @SuppressWarnings("unchecked")
        public List<SharingGrant> reaching(String cirt, SharedObjectType type, UUID object, int limit) {
            var query = getEntityManager()
                    .createNativeQuery(
                            "select g.* from sharing_grant g where g.object_type = :type and " + REACHES_CIRT
                                    + (object == null ? "" : " and g.object_id = :object")
                                    + " order by g.granted_at desc limit :limit",
                            SharingGrant.class)
                    .setParameter("cirt", cirt)
                    .setParameter("type", type.name())
                    .setParameter("limit", limit);
            if (object != null) {
                query.setParameter("object", object);
            }
            return query.getResultList();
        }

        /**
         * The CIRTs (other than this one) with at least one active grant of any object reaching a CIRT, by the
         * same rule as {@link #reaching}: to the community, to the partner naming the CIRT, or to a group holding it.
         */
        @SuppressWarnings("unchecked")
        public List<String> ownersReaching(String cirt) {
            return getEntityManager()
                    .createNativeQuery("select distinct g.tenant from sharing_grant g where " + REACHES_CIRT
                            + " order by g.tenant")
                    .setParameter("cirt", cirt)
                    .getResultList();
        }

        /**
         * Every grant of one CIRT's objects of a type, active or revoked, whose audience reaches another CIRT (by the
         * rule of {@link #reaching}, on the partners and groups as they are now), oldest first, at most {@code limit}:
         * what a TAXII collection of the owner shows that CIRT, revoked grants included (ADR 25).
         */
        @SuppressWarnings("unchecked")
        public List<SharingGrant> everReaching(String owner, String cirt, SharedObjectType type, int limit) {
            return getEntityManager()
                    .createNativeQuery(
                            "select g.* from sharing_grant g where g.tenant = :owner and g.object_type = :type and "
                                    + REACHES_CIRT.replace("g.revoked_at is null and ", "")
                                    + " order by g.granted_at, g.id limit :limit",
                            SharingGrant.class)
                    .setParameter("owner", owner)
                    .setParameter("cirt", cirt)
                    .setParameter("type", type.name())
                    .setParameter("limit", limit)
                    .getResultList();
        }

        /**
         * Every grant, revoked ones too, of a CIRT's objects of a type that names one of its partners: directly, or
         * through a sharing group holding it (as the group is now). Oldest first, at most {@code limit}.
         */
        @SuppressWarnings("unchecked")
        public List<SharingGrant> everNaming(String owner, UUID partner, SharedObjectType type, int limit) {
            return getEntityManager()
                    .createNativeQuery("""
                            select g.* from sharing_grant g
                            where g.tenant = :owner and g.object_type = :type
                              and (:partner = any(g.partners) or exists (
                                select 1 from sharing_group s where s.id = g.group_id and :partner = any(s.members)))
                            order by g.granted_at, g.id limit :limit""", SharingGrant.class)
                    .setParameter("owner", owner)
                    .setParameter("partner", partner)
                    .setParameter("type", type.name())
                    .setParameter("limit", limit)
                    .getResultList();
        }

        /**
         * The active grants of a CIRT's feeds to one of its partners: naming it, or through a sharing group holding it.
         * At most {@code limit}, oldest first.
         */
        @SuppressWarnings("unchecked")
        public List<SharingGrant> activeFeedsNaming(String owner, UUID partner, int limit) {
            return getEntityManager()
                    .createNativeQuery("""
                            select g.* from sharing_grant g
                            where g.tenant = :owner and g.object_type = 'FEED' and g.revoked_at is null
                              and (:partner = any(g.partners) or exists (
                                select 1 from sharing_group s where s.id = g.group_id and :partner = any(s.members)))
                            order by g.granted_at, g.id limit :limit""", SharingGrant.class)
                    .setParameter("owner", owner)
                    .setParameter("partner", partner)
                    .setParameter("limit", limit)
                    .getResultList();
        }

        /**
         * The CIRTs of the platform that an active grant of one of a CIRT's feeds reaches: its partner record named, or
         * in the group. Community grants share no feed's AMBER, so they reach none here.
         */
        @SuppressWarnings("unchecked")
        public List<String> cirtsReachedByFeed(String owner, String feed) {
            return getEntityManager()
                    .createNativeQuery("""
                            select distinct p.cirt from sharing_grant g
                            join partner p on p.tenant = g.tenant and p.cirt is not null
                              and (p.id = any(g.partners) or exists (
                                select 1 from sharing_group s where s.id = g.group_id and p.id = any(s.members)))
                            where g.tenant = :owner and g.object_type = 'FEED' and g.feed = :feed
                              and g.revoked_at is null and g.audience <> 'COMMUNITY'
                            order by p.cirt""")
                    .setParameter("owner", owner)
                    .setParameter("feed", feed)
                    .getResultList();
        }

        public boolean activeThroughGroup(String tenant, UUID group) {
            return count("tenant = ?1 and groupId = ?2 and revokedAt is null", tenant, group) > 0;
        }
    }

    @ApplicationScoped
    public static class Defaults implements PanacheRepositoryBase<SharingDefault, UUID> {

        public List<SharingDefault> listFor(String tenant) {
            return list("tenant = ?1 order by tlp", tenant);
        }

        public Optional<SharingDefault> findFor(String tenant, Tlp tlp) {
            return find("tenant = ?1 and tlp = ?2", tenant, tlp).firstResultOptional();
        }

        /** Whether one of the CIRT's defaults names the partner. */
        public boolean naming(String tenant, UUID partner) {
            var found = getEntityManager()
                    .createNativeQuery("select count(*) from sharing_default where tenant = ?1 and ?2 = any(partners)")
                    .setParameter(1, tenant)
                    .setParameter(2, partner)
                    .getSingleResult();
            return ((Number) found).longValue() > 0;
        }

        public boolean throughGroup(String tenant, UUID group) {
            return count("tenant = ?1 and groupId = ?2", tenant, group) > 0;
        }
    }

    @ApplicationScoped
    public static class Referrals implements PanacheRepositoryBase<Referral, UUID> {

        /** A referral the CIRT sent or received. */
        public Optional<Referral> findFor(String cirt, UUID id) {
            return find("id = ?1 and (tenant = ?2 or recipient = ?2)", id, cirt).firstResultOptional();
        }

        public List<Referral> sent(String tenant, int limit) {
            return find("tenant = ?1 order by createdAt desc", tenant)
                    .page(0, limit)
                    .list();
        }

        public List<Referral> received(String recipient, int limit) {
            return find("recipient = ?1 order by createdAt desc", recipient)
                    .page(0, limit)
                    .list();
        }

        /** Whether the incident (or the one observable) is already with the recipient CIRT (referred or accepted). */
        public boolean pending(String tenant, UUID incident, String recipient, String observable) {
            return count(
                            "tenant = ?1 and incidentId = ?2 and recipient = ?3 and state <> ?4 and "
                                    + (observable == null ? "observable is null" : "observable = ?5"),
                            observable == null
                                    ? new Object[] {tenant, incident, recipient, ReferralState.DECLINED}
                                    : new Object[] {tenant, incident, recipient, ReferralState.DECLINED, observable})
                    > 0;
        }

        /** Whether the incident (or the one observable) is on its way to, or was delivered to, the remote partner. */
        public boolean pendingRemote(String tenant, UUID incident, UUID partner, String observable) {
            return count(
                            "tenant = ?1 and incidentId = ?2 and partnerId = ?3 and state <> ?4 and "
                                    + (observable == null ? "observable is null" : "observable = ?5"),
                            observable == null
                                    ? new Object[] {tenant, incident, partner, ReferralState.FAILED}
                                    : new Object[] {tenant, incident, partner, ReferralState.FAILED, observable})
                    > 0;
        }
    }
}
