package org.opencirt.advisory.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Advisories and the CSAF provider directory: {@code opencirt.advisories.*}. */
@ConfigMapping(prefix = "opencirt.advisories")
public interface AdvisoryConfig {

    /** Largest CSAF document accepted (bytes of the request body). */
    @WithDefault("1048576")
    int maxDocumentBytes();

    /** Most product ids one document may define. */
    @WithDefault("1000")
    int maxProducts();

    /** Most vulnerabilities one document may describe. */
    @WithDefault("500")
    int maxVulnerabilities();

    /** Publisher category written into every document (CSAF: coordinator, vendor, other, ...). */
    @WithDefault("coordinator")
    String publisherCategory();
}
