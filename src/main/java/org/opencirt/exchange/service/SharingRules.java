package org.opencirt.exchange.service;

import java.util.Optional;
import org.opencirt.common.Tlp;
import org.opencirt.exchange.model.Audience;

/**
 * What TLP 2.0 lets a CIRT share, and with whom. The object's label caps the grant: CLEAR and
 * GREEN may go to the platform's community, a sharing group or named partners; AMBER only to
 * named partners (directly or as a group: never the whole community); AMBER+STRICT and RED never
 * leave the owning CIRT.
 */
public final class SharingRules {

    private SharingRules() {}

    /** Why a label forbids sharing with an audience, or empty when it allows it. */
    public static Optional<String> refusal(Tlp label, Audience audience) {
        return switch (label) {
            case CLEAR, GREEN -> Optional.empty();
            case AMBER ->
                audience == Audience.COMMUNITY
                        ? Optional.of(
                                "TLP:AMBER may go to named partners (or a sharing group of them), not to the whole community")
                        : Optional.empty();
            case AMBER_STRICT ->
                Optional.of(
                        "TLP:AMBER+STRICT stays within the owning organisation: it cannot be shared with another one");
            case RED ->
                Optional.of("TLP:RED goes only to named people within the owning CIRT, never to another organisation");
        };
    }

    /** Whether any audience at all may receive an object with this label (the console disables sharing otherwise). */
    public static boolean shareable(Tlp label) {
        return label.compareTo(Tlp.AMBER) <= 0;
    }
}
