package org.opencirt.advisory.csaf;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

/** Package URLs (CSAF mandatory test 6.1.13), as the package-url project's own parser reads them. */
final class Purls {

    private Purls() {}

    static boolean valid(String purl) {
        try {
            new PackageURL(purl);
            return true;
        } catch (MalformedPackageURLException | RuntimeException e) {
            return false;
        }
    }
}
