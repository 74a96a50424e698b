package org.opencirt.common.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends each request on a client of its own (Apache HttpClient 5, classic) whose DNS resolver
 * answers only the request's host, with the addresses that were checked: the connection goes to a
 * checked address and nothing is looked up a second time (no DNS rebinding between check and
 * connect), while {@code Host}, the TLS server name and the certificate check keep the host name.
 * No connection is reused, no proxy is used, redirects, retries, cookies and decompression are
 * left to the caller. A watchdog drops the connection when the deadline passes, even in a blocked read.
 */
public final class PinnedSender implements HttpSender {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "outbound-http-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final SSLContext tls;

    /** With the JVM's default trust store. */
    public PinnedSender() {
        this(defaultContext());
    }

    public PinnedSender(SSLContext tls) {
        this.tls = tls;
    }

    @Override
    public Exchange send(
            ClassicHttpRequest request, List<InetAddress> addresses, Duration connectTimeout, Deadline deadline)
            throws IOException {
        var host = request.getAuthority().getHostName();
        DnsResolver pinned = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String name) throws UnknownHostException {
                if (!Urls.canonicalHost(name).equals(Urls.canonicalHost(host))) {
                    throw new UnknownHostException("only the checked host is resolved");
                }
                return addresses.toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String name) {
                return name;
            }
        };
        var connections = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE,
                pinned,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register("https", new DefaultClientTlsStrategy(tls))
                        .build(),
                ManagedHttpClientConnectionFactory.INSTANCE);
        var remaining = Timeout.of(deadline.remaining());
        connections.setConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(remaining)
                .build());
        var client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(remaining).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableDefaultUserAgent()
                .build();
        var watchdog = WATCHDOG.schedule(
                () -> client.close(CloseMode.IMMEDIATE), Math.max(deadline.remainingNanos(), 0), TimeUnit.NANOSECONDS);
        try {
            var response = client.executeOpen(null, request, null);
            return new Exchange(response, () -> {
                watchdog.cancel(false);
                close(client);
            });
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            close(client);
            throw e;
        }
    }

    private static void close(CloseableHttpClient client) {
        client.close(CloseMode.IMMEDIATE);
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }
}
