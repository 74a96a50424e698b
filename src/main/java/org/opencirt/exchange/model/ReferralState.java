package org.opencirt.exchange.model;

import org.opencirt.common.WireEnum;

/**
 * Where a referral stands: sent, then accepted or declined by the recipient CIRT; for a remote partner, sent, then
 * delivered or failed.
 */
public enum ReferralState implements WireEnum {
    REFERRED,
    ACCEPTED,
    DECLINED,
    DELIVERED,
    FAILED
}
