package org.opencirt.advisory.provider;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opencirt.advisory.csaf.CsafValidator;

/**
 * Checks a CSAF provider against the requirements of CSAF 2.0 section 7.1 (1 to 20), as a trusted
 * provider's consumers see it: a {@link ProviderWalk} reads it and tells what breaks which
 * requirement; this says per requirement whether it holds, with the files that break it, and which
 * role of section 7.2 the results reach.
 */
public final class ProviderCheck {

    /** A requirement's outcome; optional requirements a provider does not use are {@code NOT_USED}. */
    public enum Status {
        PASS,
        FAIL,
        NOT_USED
    }

    /** One requirement: its number in section 7.1, its title, the outcome and what was found. */
    public record Result(int number, String title, Status status, List<String> messages) {}

    /** Everything the check found; {@code roleMet} is the highest role of section 7.2 the results reach, or null. */
    public record Report(URI metadata, String declaredRole, String roleMet, List<Result> results) {

        public Result result(int number) {
            return results.get(number - 1);
        }
    }

    /** The titles of requirements 1 to 20 (21 to 23 are an aggregator's). */
    public static final List<String> TITLES = List.of(
            "Valid CSAF document",
            "Filename",
            "TLS",
            "TLP:WHITE",
            "TLP:AMBER and TLP:RED",
            "No redirects",
            "provider-metadata.json",
            "security.txt",
            "Well-known URL for provider-metadata.json",
            "DNS path",
            "One folder per year",
            "index.txt",
            "changes.csv",
            "Directory listings",
            "ROLIE feed",
            "ROLIE service document",
            "ROLIE category document",
            "Integrity",
            "Signatures",
            "Public OpenPGP Key");

    private static final int MAX_MESSAGES = 20;

    private final Site site;
    private final CsafValidator validator;
    private final int maxDocuments;

    public ProviderCheck(Site site, CsafValidator validator, int maxDocuments) {
        this.site = site;
        this.validator = validator;
        this.maxDocuments = maxDocuments;
    }

    /**
     * Checks the provider a target names: a domain ({@code example.com}, read over HTTPS) or the URL
     * of a {@code provider-metadata.json}. Never throws for what the provider serves.
     */
    public Report check(String target) {
        var failures = new TreeMap<Integer, List<String>>();
        var notes = new TreeMap<Integer, List<String>>();
        var listener = new ProviderWalk.Listener() {
            @Override
            public void fail(int requirement, String message) {
                add(failures, requirement, message);
            }

            @Override
            public void note(int requirement, String message) {
                add(notes, requirement, message);
            }
        };
        var outcome = new ProviderWalk(site, validator, listener, true, maxDocuments).walk(target.strip());
        var results = new ArrayList<Result>();
        for (var number = 1; number <= TITLES.size(); number++) {
            var failed = failures.getOrDefault(number, List.of());
            var messages = new ArrayList<>(failed);
            messages.addAll(notes.getOrDefault(number, List.of()));
            var status = !failed.isEmpty()
                    ? Status.FAIL
                    : outcome.notUsed().contains(number)
                            ? Status.NOT_USED
                            : outcome.metadata() == null ? Status.FAIL : Status.PASS;
            results.add(new Result(number, TITLES.get(number - 1), status, List.copyOf(messages)));
        }
        return new Report(outcome.metadata(), outcome.declaredRole(), role(results), List.copyOf(results));
    }

    /** The highest role of section 7.2 the results reach, or null. */
    static String role(List<Result> results) {
        java.util.function.IntPredicate pass = n -> results.get(n - 1).status() == Status.PASS;
        java.util.function.IntPredicate passOrUnused = n -> results.get(n - 1).status() != Status.FAIL;
        var publisher = pass.test(1) && pass.test(2) && pass.test(3) && pass.test(4);
        var discovered = pass.test(8) || pass.test(9) || pass.test(10);
        var directory = pass.test(11) && pass.test(12) && pass.test(13) && pass.test(14);
        var rolie = pass.test(15) && passOrUnused.test(16) && passOrUnused.test(17);
        var provider = publisher && pass.test(5) && pass.test(6) && pass.test(7) && discovered && (directory || rolie);
        var trusted = provider && pass.test(18) && pass.test(19) && pass.test(20);
        return trusted ? "csaf_trusted_provider" : provider ? "csaf_provider" : publisher ? "csaf_publisher" : null;
    }

    private static void add(Map<Integer, List<String>> map, int requirement, String message) {
        var list = map.computeIfAbsent(requirement, n -> new ArrayList<>());
        if (list.size() < MAX_MESSAGES) {
            list.add(message);
        } else if (list.size() == MAX_MESSAGES) {
            list.add("... and more");
        }
    }
}
