package org.opencirt.feed.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of a run, updated as it goes (guarded by the instance's monitor). */
final class RunCounts {

    /** Shorter credentials are not blanked out of records: it would mangle ordinary text, and they are guessable anyway. */
    private static final int MIN_REDACTED = 6;

    private static final int MAX_EXCERPT = 200;

    long fetchedBytes;
    long parsed;
    long invalid;
    long warninglisted;
    long created;
    long updated;
    long failed;
    long matches;
    long incidents;
    final List<Map<String, Object>> samples = new ArrayList<>();
    /** Lines and objects the parser left out on purpose, by reason (a few constant texts). */
    final Map<String, Long> skipped = new TreeMap<>();
    /** The resolved credentials, blanked out of anything the run records (a server may echo them). */
    volatile List<String> credentials = List.of();

    long lastLogged = System.nanoTime();
    long lastSaved = System.nanoTime();

    /** Counts a line or object left out on purpose. */
    synchronized void skipped(String reason) {
        skipped(reason, 1);
    }

    /** Counts lines or objects left out on purpose, for one reason. */
    synchronized void skipped(String reason, long count) {
        if (count > 0) {
            skipped.merge(reason, count, Long::sum);
        }
    }

    /** Counts an invalid entry and keeps it as a sample while there are fewer than {@code maxSamples}. */
    synchronized void invalid(long position, String reason, String excerpt, int maxSamples) {
        invalid++;
        if (samples.size() >= maxSamples) {
            return;
        }
        var sample = new LinkedHashMap<String, Object>();
        sample.put("position", position);
        sample.put("reason", redacted(reason));
        sample.put(
                "excerpt",
                excerpt == null
                        ? null
                        : redacted(excerpt.length() > MAX_EXCERPT ? excerpt.substring(0, MAX_EXCERPT) : excerpt));
        samples.add(sample);
    }

    /** The text with the run's credentials blanked out (an echoing server must not make them a run's record). */
    String redacted(String text) {
        if (text == null) {
            return null;
        }
        var result = text;
        for (var secret : credentials) {
            if (secret != null && secret.length() >= MIN_REDACTED) {
                result = result.replace(secret, "[secret]");
            }
        }
        return result;
    }
}
