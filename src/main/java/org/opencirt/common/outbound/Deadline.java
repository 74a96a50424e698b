package org.opencirt.common.outbound;

import java.time.Duration;

/**
 * The end of an outbound call's total timeout, checked before sending, while waiting and on every
 * read. Enforced by the call itself (a watchdog drops the connection, a read past it fails), since
 * the body of a fetch is read after the call that fetched it has returned.
 */
public final class Deadline {

    private final long endNanos;
    private final Duration total;

    private Deadline(long endNanos, Duration total) {
        this.endNanos = endNanos;
        this.total = total;
    }

    public static Deadline after(Duration total) {
        return new Deadline(System.nanoTime() + saturatedNanos(total), total);
    }

    /** The earlier of this deadline and {@code duration} from now. */
    public Deadline atMost(Duration duration) {
        var end = System.nanoTime() + saturatedNanos(duration);
        return end - endNanos < 0 ? new Deadline(end, duration) : this;
    }

    public long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }

    /** What is left, at least one millisecond (for APIs that refuse zero). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(remainingNanos(), 1_000_000));
    }

    public FetchException timeout(String during) {
        return timeout(during, null);
    }

    public FetchException timeout(String during, Throwable cause) {
        return new FetchException(
                FetchException.Reason.TIMEOUT, "total timeout of %s exceeded %s".formatted(total, during), cause);
    }

    public void check(String during) throws FetchException {
        if (expired()) {
            throw timeout(during);
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
