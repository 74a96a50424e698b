package org.opencirt.advisory.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Advisories and the CSAF provider directory: {@code opencirt.advisories.*}. */
@ConfigMapping(prefix = "opencirt.advisories")
public interface AdvisoryConfig {

    /**
     * The public base URL of the platform (https://csaf.hub.example), used in provider-metadata.json,
     * ROLIE feeds and documents. Unset: the base URL of each request.
     */
    Optional<String> publicUrl();

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

    /** Publish one demo advisory per demo CIRT at start-up (demo profile). */
    @WithDefault("false")
    boolean demo();
}
