package org.opencirt.playbook;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The test profile with the playbook engine running after incident changes. */
public class PlaybooksOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("opencirt.playbooks.enabled", "true");
    }
}
