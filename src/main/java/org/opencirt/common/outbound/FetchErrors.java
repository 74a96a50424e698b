package org.opencirt.common.outbound;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;

/**
 * What a failed fetch may tell a CIRT, a page or a log: a short code and a message built only
 * from the kind of failure and numbers (status, limits, timeouts). A {@link FetchException}'s own
 * message is for the outbound clients' tests: it may quote an error body the server sent (which
 * can echo the request's headers, credentials included) or a header value the JDK refused (which
 * can be a file's content), so it is never recorded, shown or logged.
 */
public final class FetchErrors {

    private FetchErrors() {}

    /** A sanitised failure: {@code code} is stable (clients may switch on it), {@code message} is for people. */
    public record Described(String code, String message) {}

    /**
     * The sanitised form of a failed fetch.
     *
     * @param policy the limits the fetch ran under, quoted in the message; null when there were none to quote
     */
    public static Described describe(FetchException e, OutboundLimits policy) {
        return switch (e.reason()) {
            case BLOCKED_DESTINATION ->
                new Described(
                        "fetch-blocked",
                        "the destination is not allowed: a loopback, private, "
                                + "link-local or reserved address that is not allow-listed, or a file outside the file root");
            case TOO_LARGE ->
                new Described(
                        "fetch-too-large",
                        policy == null
                                ? "the answer is larger than allowed"
                                : "larger than allowed (at most %d bytes on the wire, %d decompressed)"
                                        .formatted(policy.maxBytes(), policy.maxDecompressedBytes()));
            case TIMEOUT ->
                new Described(
                        "fetch-timeout",
                        policy == null
                                ? "no complete answer in time"
                                : "no complete answer in time (connect timeout %s, total %s)"
                                        .formatted(policy.connectTimeout(), policy.totalTimeout()));
            case HTTP_STATUS -> new Described("fetch-http-status", "the server answered HTTP " + e.httpStatus());
            case TOO_MANY_REDIRECTS ->
                new Described(
                        "fetch-too-many-redirects",
                        policy == null
                                ? "too many redirects"
                                : "more than %d redirects".formatted(policy.maxRedirects()));
            case BAD_URL ->
                new Described(
                        "fetch-bad-url",
                        "the request cannot be sent: an unsupported or invalid URL, "
                                + "credentials in the URL, or a header value with characters a header cannot carry");
            case IO -> new Described("fetch-io", ioKind(e.getCause()));
        };
    }

    /**
     * The same failure with the sanitised message and no cause, for callers that pass it on as an
     * exception (a parser fetching more resources records the message of what it catches).
     */
    public static FetchException sanitised(FetchException e, OutboundLimits policy) {
        var message = describe(e, policy).message();
        return e.reason() == FetchException.Reason.HTTP_STATUS && e.httpStatus() != null
                ? new FetchException(e.httpStatus(), message)
                : new FetchException(e.reason(), message);
    }

    /** The kind of an I/O failure, told by the classes of the failure and its causes, never by their messages. */
    public static String ioKind(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case UnknownHostException u -> {
                    return "the host name does not resolve";
                }
                case ConnectException c -> {
                    return "the connection was refused or failed";
                }
                case SSLException s -> {
                    return "the TLS handshake or connection failed";
                }
                case SocketTimeoutException t -> {
                    return "no answer in time";
                }
                case NoSuchFileException n -> {
                    return "the file does not exist";
                }
                case ZipException z -> {
                    return "the compressed data is broken";
                }
                case EOFException eof -> {
                    return "the data is cut short";
                }
                default -> {}
            }
        }
        return "the transfer failed";
    }
}
