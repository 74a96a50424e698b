package org.opencirt.feed.parse;

import java.util.Map;
import org.opencirt.common.Tlp;

/** TLP labels as feeds write them, and the STIX marking definitions of TLP 2.0 and 1.0. */
final class TlpLabels {

    /** STIX marking-definition ids (STANDARDS.md); TLP 1.0 WHITE reads as CLEAR. */
    static final Map<String, Tlp> STIX_MARKINGS = Map.of(
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", Tlp.CLEAR,
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", Tlp.GREEN,
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", Tlp.AMBER,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", Tlp.AMBER_STRICT,
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", Tlp.RED,
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.CLEAR,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED);

    private TlpLabels() {}

    /**
     * The label in {@code TLP:AMBER}, {@code tlp:amber+strict}, {@code white}, {@code Amber} ...
     * (WHITE is CLEAR), or null when the text is no TLP label.
     */
    static Tlp parse(String text) {
        return Tlp.ofLabel(text).orElse(null);
    }

    /** The more restrictive of two labels; either may be null. */
    static Tlp stricter(Tlp a, Tlp b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAtLeast(b) ? a : b;
    }

    static String wire(Tlp tlp) {
        return tlp == null ? null : tlp.wire();
    }
}
