package org.opencirt.advisory.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.github.nscuro.versatile.Vers;
import io.github.nscuro.versatile.VersException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import us.springett.parsers.cpe.Cpe;
import us.springett.parsers.cpe.CpeParser;
import us.springett.parsers.cpe.exceptions.CpeParsingException;
import us.springett.parsers.cpe.values.LogicalValue;

/**
 * Which of the products a constituency declared (a CPE 2.3 name or a package URL each) a CSAF
 * document names as affected ({@code known_affected}, {@code first_affected},
 * {@code last_affected}; never {@code fixed}, {@code known_not_affected} or the others).
 *
 * <p>A product of the document is known by its identification helper (its {@code cpe}, its
 * {@code purl}) and by its place in the product tree (the names of its {@code vendor} and
 * {@code product_name} branches, its {@code product_version}, or its
 * {@code product_version_range} written as {@code vers:}); a relationship's product is known as
 * its {@code product_reference}. A declared CPE matches a CPE of the document by CPE name matching
 * (either side may leave a part as ANY), or, without one, the vendor and product branch names
 * (lower case, spaces as {@code _}); a declared package URL matches by type, namespace and name.
 * The version must then be the same, lie in the range ({@code vers}, with the library versatile), or
 * be left open on either side. A range that is not {@code vers:}, or that cannot be read, matches
 * nothing: a free-text range cannot be evaluated.
 */
public final class AffectedProducts {

    private static final List<String> AFFECTED = List.of("known_affected", "first_affected", "last_affected");

    /** A product the document describes. */
    private record Described(
            String productId,
            String name,
            String cpe,
            String purl,
            String vendor,
            String product,
            String version,
            String versRange) {}

    /** A declared product found affected: the declared value, the document's product, and the CVEs. */
    public record Hit(String declared, String productId, String productName, List<String> cves) {}

    private AffectedProducts() {}

    /** The declared products (CPE 2.3 names or package URLs) the document names as affected, each with its CVEs. */
    public static List<Hit> affected(JsonNode document, Collection<String> declared) {
        var described = describe(document.path("product_tree"));
        // product id -> the CVEs (or vulnerability titles) that affect it
        var affected = new LinkedHashMap<String, TreeSet<String>>();
        for (var vulnerability : document.path("vulnerabilities")) {
            var cve = vulnerability.path("cve").asText("");
            for (var status : AFFECTED) {
                for (var id : vulnerability.path("product_status").path(status)) {
                    var cves = affected.computeIfAbsent(id.asText(), k -> new TreeSet<>());
                    if (!cve.isBlank()) {
                        cves.add(cve.strip().toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        var hits = new ArrayList<Hit>();
        for (var value : declared) {
            for (var entry : affected.entrySet()) {
                var product = described.get(entry.getKey());
                if (product != null && matches(value, product)) {
                    hits.add(new Hit(value, product.productId(), product.name(), List.copyOf(entry.getValue())));
                }
            }
        }
        return hits;
    }

    private static Map<String, Described> describe(JsonNode tree) {
        var described = new LinkedHashMap<String, Described>();
        branches(tree.path("branches"), null, null, null, null, described);
        for (var full : tree.path("full_product_names")) {
            add(full, null, null, null, null, described);
        }
        for (var relationship : tree.path("relationships")) {
            var component = described.get(relationship.path("product_reference").asText());
            var id = relationship.path("full_product_name").path("product_id").asText("");
            if (component != null && !id.isEmpty()) {
                described.putIfAbsent(
                        id,
                        new Described(
                                id,
                                relationship
                                        .path("full_product_name")
                                        .path("name")
                                        .asText(component.name()),
                                component.cpe(),
                                component.purl(),
                                component.vendor(),
                                component.product(),
                                component.version(),
                                component.versRange()));
            }
        }
        return described;
    }

    private static void branches(
            JsonNode branches,
            String vendor,
            String product,
            String version,
            String range,
            Map<String, Described> described) {
        for (var branch : branches) {
            var name = branch.path("name").asText(null);
            var v = vendor;
            var p = product;
            var ver = version;
            var rng = range;
            switch (branch.path("category").asText("")) {
                case "vendor" -> v = name;
                case "product_name" -> p = name;
                case "product_version" -> ver = name;
                case "product_version_range" -> rng = name;
                default -> {}
            }
            if (branch.has("product")) {
                add(branch.path("product"), v, p, ver, rng, described);
            }
            branches(branch.path("branches"), v, p, ver, rng, described);
        }
    }

    private static void add(
            JsonNode full, String vendor, String product, String version, String range, Map<String, Described> out) {
        var id = full.path("product_id").asText("");
        if (id.isEmpty()) {
            return;
        }
        var helper = full.path("product_identification_helper");
        out.putIfAbsent(
                id,
                new Described(
                        id,
                        full.path("name").asText(id),
                        helper.path("cpe").asText(null),
                        helper.path("purl").asText(null),
                        vendor,
                        product,
                        version,
                        range));
    }

    private static boolean matches(String declared, Described product) {
        if (declared.startsWith("cpe:")) {
            return cpe(declared).map(cpe -> matchesCpe(cpe, product)).orElse(false);
        }
        if (declared.startsWith("pkg:")) {
            try {
                return matchesPurl(new PackageURL(declared), product);
            } catch (MalformedPackageURLException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean matchesCpe(Cpe declared, Described product) {
        var stated = product.cpe() == null ? Optional.<Cpe>empty() : cpe(product.cpe());
        String version = declared.getVersion();
        if (stated.isPresent()) {
            var cpe = stated.get();
            if (cpe.getPart() != declared.getPart()
                    || !same(cpe.getVendor(), declared.getVendor())
                    || !same(cpe.getProduct(), declared.getProduct())) {
                return false;
            }
            return versionMatches(open(cpe.getVersion()) ? product.version() : cpe.getVersion(), product, version);
        }
        if (product.vendor() == null || product.product() == null) {
            return false;
        }
        return same(cpeName(product.vendor()), declared.getVendor())
                && same(cpeName(product.product()), declared.getProduct())
                && versionMatches(product.version(), product, version);
    }

    private static boolean matchesPurl(PackageURL declared, Described product) {
        if (product.purl() != null) {
            PackageURL stated;
            try {
                stated = new PackageURL(product.purl());
            } catch (MalformedPackageURLException e) {
                return false;
            }
            return stated.getType().equals(declared.getType())
                    && Objects.equals(stated.getNamespace(), declared.getNamespace())
                    && stated.getName().equals(declared.getName())
                    && versionMatches(
                            stated.getVersion() != null ? stated.getVersion() : product.version(),
                            product,
                            declared.getVersion());
        }
        // a range for this package's ecosystem, on a product branch of the package's name
        return product.versRange() != null
                && product.versRange().startsWith("vers:" + declared.getType() + "/")
                && product.product() != null
                && product.product().equalsIgnoreCase(declared.getName())
                && versionMatches(null, product, declared.getVersion());
    }

    /**
     * Whether a declared version (null, {@code *} or {@code -}: any) is the product's: the same as its
     * exact version, else inside its {@code vers:} range, else any when the product names neither.
     */
    private static boolean versionMatches(String exact, Described product, String declared) {
        if (open(declared)) {
            return true;
        }
        if (!open(exact)) {
            return exact.equalsIgnoreCase(declared);
        }
        var range = product.versRange();
        if (range == null) {
            return true;
        }
        if (!range.startsWith("vers:")) {
            return false;
        }
        try {
            return Vers.parse(range).contains(declared);
        } catch (VersException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean open(String version) {
        return version == null
                || version.isBlank()
                || version.equals(LogicalValue.ANY.getAbbreviation())
                || version.equals(LogicalValue.NA.getAbbreviation());
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }

    /** A branch name as a CPE part: lower case, runs of white space as {@code _}. */
    private static String cpeName(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
    }

    private static Optional<Cpe> cpe(String value) {
        try {
            return Optional.of(CpeParser.parse(value, true));
        } catch (CpeParsingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
