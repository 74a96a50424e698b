package org.opencirt.advisory.provider;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.advisory.csaf.CsafValidator;

/**
 * {@code bin/opencirt csaf check DOMAIN-OR-URL}: checks another CSAF provider against section 7.1 and
 * prints one line per requirement. Exit 0 when the provider meets the role its metadata declares,
 * 1 when it does not, 2 on bad usage. A token for TLP:AMBER and RED folders comes from
 * {@code OPENCIRT_CSAF_TOKEN}; the JDK's trust store decides which servers are trusted.
 */
public final class ProviderCheckCli {

    static final String USAGE = "usage: bin/opencirt csaf check DOMAIN-OR-URL [--max-documents N]";

    private ProviderCheckCli() {}

    public static void main(String[] args) {
        var targets = new ArrayList<String>();
        var max = 500;
        for (var i = 0; i < args.length; i++) {
            if (args[i].equals("--max-documents") && i + 1 < args.length && args[i + 1].matches("\\d{1,6}")) {
                max = Integer.parseInt(args[++i]);
            } else if (!args[i].startsWith("--")) {
                targets.add(args[i]);
            } else {
                targets.clear();
                break;
            }
        }
        if (targets.size() != 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        var check =
                new ProviderCheck(new HttpSite(null, System.getenv("OPENCIRT_CSAF_TOKEN")), new CsafValidator(), max);
        var report = check.check(targets.getFirst());
        print(report, System.out);
        System.exit(met(report) ? 0 : 1);
    }

    /** Whether the provider reaches the role its metadata declares (a provider declaring none must reach csaf_provider). */
    static boolean met(ProviderCheck.Report report) {
        var order = List.of("csaf_publisher", "csaf_provider", "csaf_trusted_provider");
        var declared = report.declaredRole() == null ? "csaf_provider" : report.declaredRole();
        return report.roleMet() != null && order.indexOf(report.roleMet()) >= order.indexOf(declared);
    }

    /** The report as text: the metadata URL, a line per requirement with its findings, then the role. */
    static void print(ProviderCheck.Report report, PrintStream out) {
        out.println("CSAF provider check: "
                + (report.metadata() == null ? "no provider-metadata.json found" : report.metadata()));
        for (var result : report.results()) {
            out.printf("%2d  %-8s %s%n", result.number(), result.status().name().replace('_', ' '), result.title());
            for (var message : result.messages()) {
                out.println("            " + message);
            }
        }
        out.println("Role declared: " + (report.declaredRole() == null ? "none" : report.declaredRole())
                + "; role met: " + (report.roleMet() == null ? "none" : report.roleMet()));
    }
}
