package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencirt.common.Tlp;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.service.SharingRules;

/** TLP 2.0 caps every grant: who may receive an object with each label. */
class SharingRulesTest {

    @ParameterizedTest
    @EnumSource(Audience.class)
    void clearAndGreenGoToEveryAudience(Audience audience) {
        assertThat(SharingRules.refusal(Tlp.CLEAR, audience)).isEmpty();
        assertThat(SharingRules.refusal(Tlp.GREEN, audience)).isEmpty();
    }

    @Test
    void amberGoesToNamedPartnersOrAGroupOfThemButNotToTheWholeCommunity() {
        assertThat(SharingRules.refusal(Tlp.AMBER, Audience.PARTNERS)).isEmpty();
        assertThat(SharingRules.refusal(Tlp.AMBER, Audience.GROUP)).isEmpty();
        assertThat(SharingRules.refusal(Tlp.AMBER, Audience.COMMUNITY))
                .get()
                .asString()
                .contains("TLP:AMBER")
                .contains("not to the whole community");
    }

    @ParameterizedTest
    @EnumSource(Audience.class)
    void amberStrictAndRedNeverLeaveTheOwningCirt(Audience audience) {
        assertThat(SharingRules.refusal(Tlp.AMBER_STRICT, audience))
                .get()
                .asString()
                .contains("TLP:AMBER+STRICT");
        assertThat(SharingRules.refusal(Tlp.RED, audience)).get().asString().contains("TLP:RED");
    }

    @Test
    void onlyLabelsUpToAmberCanBeSharedAtAll() {
        assertThat(Tlp.values()).filteredOn(SharingRules::shareable).containsExactly(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
    }

    @Test
    void labelsAreReadInTlp2AndTlp1Spelling() {
        assertThat(Tlp.ofLabel("WHITE")).contains(Tlp.CLEAR);
        assertThat(Tlp.ofLabel("TLP:AMBER+STRICT")).contains(Tlp.AMBER_STRICT);
        assertThat(Tlp.ofLabel("tlp:red")).contains(Tlp.RED);
        assertThat(Tlp.ofLabel("purple")).isEmpty();
    }
}
