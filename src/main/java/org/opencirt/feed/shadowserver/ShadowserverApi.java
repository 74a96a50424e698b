package org.opencirt.feed.shadowserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Shadowserver Reports API (https://transform.shadowserver.org/api2/): which reports there
 * are, and their CSV files.
 *
 * <ul>
 *   <li>Calls are HTTP POSTs of a JSON object that holds the {@code apikey}; the header
 *       {@code HMAC2} carries the lower-case hex HMAC-SHA256 of the exact body bytes under the API
 *       secret.</li>
 *   <li>{@code reports/list} takes {@code date} ({@code 2024-05-01}, or a range
 *       {@code 2024-05-01:2024-05-03}), optionally {@code reports} (the subscribed lists, e.g. a
 *       country) and {@code type}; it answers an array of {@code {id, type, report, timestamp,
 *       file, url}}. Only one type is sent; with several, the listing is filtered here.</li>
 *   <li>A report's CSV is a plain GET of {@code https://dl.shadowserver.org/<id>}, as
 *       Shadowserver's own tools (report-manager, the Elasticsearch logger) fetch it; the id is
 *       checked to be a plain token, so an answer cannot send the GET elsewhere.</li>
 * </ul>
 *
 * <p>Errors are {@link ApiException}s whose messages name the call and the HTTP status only: never
 * the key, the secret or the answer's body.
 */
public final class ShadowserverApi {

    /** The API's base. */
    public static final URI DEFAULT_API = URI.create("https://transform.shadowserver.org/api2/");
    /** Where reports are downloaded from by id. */
    public static final URI DEFAULT_DOWNLOAD = URI.create("https://dl.shadowserver.org/");
    /** The largest {@code reports/list} answer read by default. */
    public static final int DEFAULT_MAX_LIST_BYTES = 8 * 1024 * 1024;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,200}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,120}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outbound HTTP, given by the caller (the service plugs its guarded client in). */
    public interface Transport {

        /** Posts a body; the caller closes the response. */
        Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException;

        /** Gets a resource; the caller closes the response. */
        Response get(URI uri, Map<String, String> headers) throws IOException;
    }

    /** An HTTP answer: its status and its body, which the caller closes. */
    public record Response(int status, InputStream body) implements Closeable {

        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }

    /** The API key and secret; {@link #toString()} shows neither. */
    public record Credentials(String apiKey, String secret) {

        public Credentials {
            if (apiKey == null || apiKey.isBlank() || secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("an API key and a secret are required");
            }
        }

        @Override
        public String toString() {
            return "Credentials[redacted]";
        }
    }

    /**
     * One report the API lists.
     *
     * @param id     what downloads it
     * @param type   the report type ({@code scan_rdp})
     * @param report the list it belongs to (a country, an organisation)
     * @param date   the report's date, or null when the answer has none that reads
     * @param file   its file name ({@code 2024-05-01-scan_rdp-country-geo.csv})
     */
    public record ReportListing(String id, String type, String report, LocalDate date, String file) {}

    /** A call that failed; the message never holds the key, the secret or the answer's body. */
    public static final class ApiException extends IOException {
        private final int status;

        public ApiException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when the call answered but not as expected. */
        public int status() {
            return status;
        }
    }

    private final URI api;
    private final URI download;
    private final Credentials credentials;
    private final Transport transport;
    private final int maxListBytes;

    /**
     * @param api          the API base ({@link #DEFAULT_API}); a missing trailing {@code /} is added
     * @param download     the download base ({@link #DEFAULT_DOWNLOAD})
     * @param maxListBytes the largest {@code reports/list} answer read
     */
    public ShadowserverApi(URI api, URI download, Credentials credentials, Transport transport, int maxListBytes) {
        this.api = withSlash(Objects.requireNonNull(api, "api"));
        this.download = withSlash(Objects.requireNonNull(download, "download"));
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.transport = Objects.requireNonNull(transport, "transport");
        if (maxListBytes < 2) {
            throw new IllegalArgumentException("maxListBytes must be at least 2");
        }
        this.maxListBytes = maxListBytes;
    }

    /** The API at Shadowserver's addresses. */
    public ShadowserverApi(Credentials credentials, Transport transport) {
        this(DEFAULT_API, DEFAULT_DOWNLOAD, credentials, transport, DEFAULT_MAX_LIST_BYTES);
    }

    /**
     * The reports of the days {@code from} to {@code to} (inclusive).
     *
     * @param reports the lists to ask for (empty: all the key is subscribed to)
     * @param types   the report types wanted (empty: all)
     * @throws ApiException when the API refuses the credentials, fails, or answers no listing
     */
    public List<ReportListing> list(LocalDate from, LocalDate to, List<String> reports, List<String> types)
            throws IOException {
        if (from == null || to == null || to.isBefore(from)) {
            throw new IllegalArgumentException("a date range from <= to is required");
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("apikey", credentials.apiKey());
        request.put("date", from.equals(to) ? from.toString() : from + ":" + to);
        if (reports != null && !reports.isEmpty()) {
            var array = request.putArray("reports");
            reports.forEach(array::add);
        }
        if (types != null && types.size() == 1) {
            request.put("type", types.get(0));
        }
        JsonNode answer = call("reports/list", request);
        if (!answer.isArray()) {
            throw new ApiException("Shadowserver reports/list answered no list of reports", 0);
        }
        var listings = new ArrayList<ReportListing>();
        for (JsonNode item : answer) {
            ReportListing listing = listing(item);
            if (listing != null && (types == null || types.isEmpty() || types.contains(listing.type()))) {
                listings.add(listing);
            }
        }
        return listings;
    }

    /**
     * The CSV of a listed report, as a stream the caller closes (and limits: it is as long as the
     * report).
     *
     * @throws ApiException when the download fails (404 for an expired report ...)
     */
    public InputStream download(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a report id is a plain token of letters, digits and ._~-");
        }
        Response response = transport.get(download.resolve(id), Map.of("Accept", "text/csv"));
        if (response.status() / 100 != 2) {
            response.close();
            throw failure("download", response.status());
        }
        if (response.body() == null) {
            throw new ApiException("Shadowserver download answered no body", response.status());
        }
        return response.body();
    }

    /** {@link #download(String)} of a listing. */
    public InputStream download(ReportListing listing) throws IOException {
        return download(listing.id());
    }

    /**
     * The {@code HMAC2} header of a body: lower-case hex HMAC-SHA256 under the secret.
     */
    public static String hmac2(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private JsonNode call(String method, ObjectNode request) throws IOException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var headers = Map.of("HMAC2", hmac2(body, credentials.secret()), "Content-Type", "application/json");
        byte[] answer;
        int status;
        try (Response response = transport.post(api.resolve(method), headers, body)) {
            status = response.status();
            if (status / 100 != 2) {
                throw failure(method, status);
            }
            answer = readAtMost(response.body(), maxListBytes, method);
        }
        JsonNode json;
        try {
            json = JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new ApiException("Shadowserver " + method + " answered something that is not JSON", status);
        }
        if (json == null || json.isMissingNode()) {
            throw new ApiException("Shadowserver " + method + " answered nothing", status);
        }
        if (json.isObject() && json.has("error")) {
            throw new ApiException(
                    "Shadowserver " + method + " answered an error (not repeated here; check the"
                            + " API key, its subscriptions and the request)",
                    status);
        }
        return json;
    }

    private static ApiException failure(String method, int status) {
        if (status == 401 || status == 403) {
            return new ApiException(
                    "Shadowserver " + method + " refused the API key or its signature (HTTP " + status
                            + "): check the key and the secret",
                    status);
        }
        return new ApiException("Shadowserver " + method + " failed with HTTP " + status, status);
    }

    private static byte[] readAtMost(InputStream in, int max, String method) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > max) {
                throw new ApiException("Shadowserver " + method + " answered more than " + max + " bytes (limit)", 0);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A listing from the answer, or null when it lacks a usable id, type or file name. */
    private static ReportListing listing(JsonNode item) {
        String id = item.path("id").asText("");
        String type = item.path("type").asText("");
        String file = item.path("file").asText("");
        if (!ID.matcher(id).matches() || !NAME.matcher(type).matches() || file.isEmpty() || file.length() > 255) {
            return null;
        }
        return new ReportListing(id, type, item.path("report").asText(null), date(item.path("timestamp")), file);
    }

    private static LocalDate date(JsonNode timestamp) {
        String text = timestamp.asText("");
        if (text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static URI withSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }
}
