package org.opencirt.common.outbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.opencirt.common.outbound.FetchException.Reason;

/**
 * The SSRF payload set ({@code payloads/ssrf.txt}) for the tests of every outbound client: the
 * payloads, a resolver that answers as each payload says, where each case sends its request, and
 * the check that a connection was pinned only to what was checked.
 */
public final class SsrfPayloads {

    private static final AtomicInteger PATHS = new AtomicInteger();

    private SsrfPayloads() {}

    /** One line of the set. */
    public record Payload(String kind, String value, List<String> addresses, Reason expected) {
        @Override
        public String toString() {
            return kind + " " + value + (addresses.isEmpty() ? "" : " -> " + addresses);
        }
    }

    /** Every payload of the set; fails loudly if the set is missing or empty. */
    public static Stream<Payload> all() {
        try (var in = Objects.requireNonNull(
                SsrfPayloads.class.getResourceAsStream("/payloads/ssrf.txt"), "payloads/ssrf.txt")) {
            var payloads = new String(in.readAllBytes(), UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(SsrfPayloads::payload)
                    .toList();
            if (payloads.isEmpty()) {
                throw new IllegalStateException("empty SSRF payload set");
            }
            return payloads.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Payload payload(String line) {
        var fields = Arrays.stream(line.split("\\|")).map(String::strip).toList();
        var reason = Reason.valueOf(fields.getLast());
        var addresses = fields.size() == 4 ? List.of(fields.get(2).split(" ")) : List.<String>of();
        return new Payload(fields.get(0), fields.get(1), addresses, reason);
    }

    /** Answers names from the payload; a rebinding name answers its second address after the first lookup. */
    public static final class Resolver implements HostResolver {
        public final List<String> asked = new CopyOnWriteArrayList<>();
        private final Payload payload;
        private final AtomicInteger lookups = new AtomicInteger();

        public Resolver(Payload payload) {
            this.payload = payload;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            if (payload.kind().equals("rebind") && host.equals(payload.value())) {
                return List.of(FakeResolver.literal(payload.addresses().get(Math.min(lookups.getAndIncrement(), 1))));
            }
            if (payload.kind().equals("resolve") && host.equals(payload.value())) {
                return payload.addresses().stream().map(FakeResolver::literal).toList();
            }
            if (host.equals("metadata.example")) {
                return List.of(FakeResolver.literal("169.254.169.254"));
            }
            throw new UnknownHostException(host);
        }
    }

    /** Where the case sends its request; a redirect payload gets a path of its own on the (allow-listed) local server. */
    public static URI target(Payload payload, LocalServer server) {
        return switch (payload.kind()) {
            case "url" -> URI.create(payload.value());
            case "redirect" -> {
                var path = "/redirect-" + PATHS.incrementAndGet();
                server.on(path, exchange -> LocalServer.redirect(exchange, 302, payload.value()));
                yield server.url(path);
            }
            case "resolve", "rebind" -> URI.create("http://%s:%d/admin".formatted(payload.value(), server.port()));
            default -> throw new IllegalArgumentException("unknown payload kind " + payload.kind());
        };
    }

    /** A rebinding name was looked up once and the connection was pinned to its first (checked) answer. */
    public static void assertPinnedOnlyAsChecked(Payload payload, Resolver resolver, RecordingSender sender) {
        if (payload.kind().equals("rebind")) {
            assertThat(resolver.asked).containsExactly(payload.value());
            assertThat(sender.pinned)
                    .singleElement()
                    .satisfies(addresses -> assertThat(addresses)
                            .extracting(InetAddress::getHostAddress)
                            .containsExactly(payload.addresses().getFirst()));
        }
        for (var addresses : sender.pinned) {
            for (var address : addresses) {
                var local = address.getHostAddress().equals("127.0.0.1");
                var publicAddress = DestinationGuard.blockedReason(address).isEmpty();
                assertThat(local || publicAddress).as("pinned to %s", address).isTrue();
            }
        }
    }
}
