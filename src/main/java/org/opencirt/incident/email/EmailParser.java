package org.opencirt.incident.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.opencirt.incident.email.ParsedEmail.Attachment;
import org.opencirt.incident.email.ParsedEmail.Sender;

/**
 * Turns a raw e-mail ({@code message/rfc822}, an {@code .eml} file) into what an incident
 * report needs: subject, text body, sender, attachments. It only parses: nothing is stored and
 * nothing connects anywhere (the Jakarta Mail session has no transport or store settings and
 * none is ever opened).
 *
 * <p>The body is the first inline {@code text/plain} part, else the first inline
 * {@code text/html} part converted to text (with a warning). Every other part is an attachment
 * unless it is an inline text alternative of the body: parts marked {@code attachment}, parts
 * with a file name, forwarded messages ({@code message/rfc822}, kept whole as {@code .eml}) and
 * any non-text part (an inline image, a signature).
 */
public final class EmailParser {

    private static final Session SESSION = newSession();

    private EmailParser() {
    }

    /**
     * Parses one raw e-mail. Reads at most {@code limits.maxMessageBytes() + 1} bytes of
     * {@code raw} and does not close it.
     *
     * @throws InvalidEmailException when the bytes are not a usable e-mail, or over a limit;
     *         {@link InvalidEmailException#kind()} says which
     * @throws UncheckedIOException when {@code raw} itself fails to read (the upload broke off);
     *         that is not the sender's message being invalid
     */
    public static ParsedEmail parse(InputStream raw, EmailLimits limits) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(limits, "limits");
        var message = read(raw, limits.maxMessageBytes());
        return new Run(message, limits).parse();
    }

    /** {@link #parse(InputStream, EmailLimits)} with {@link EmailLimits#defaults()}. */
    public static ParsedEmail parse(InputStream raw) {
        return parse(raw, EmailLimits.defaults());
    }

    private static Session newSession() {
        var props = new Properties();
        // Headers are read byte for byte as ISO-8859-1 and repaired to UTF-8 where they are
        // valid UTF-8 (Texts.repairEightBit); that is lossless for Latin-1 mailers as well.
        props.setProperty("mail.mime.allowutf8", "false");
        // We validate From ourselves; strict parsing would refuse common real-world forms.
        props.setProperty("mail.mime.address.strict", "false");
        return Session.getInstance(props);
    }

    private static Buffer read(InputStream in, long max) {
        var buffer = new Buffer((int) Math.min(max + 1, 64 * 1024));
        var chunk = new byte[8192];
        long total = 0;
        try {
            while (total <= max) {
                var n = in.read(chunk, 0, (int) Math.min(chunk.length, max + 1 - total));
                if (n < 0) {
                    break;
                }
                buffer.write(chunk, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the message", e);
        }
        if (total > max) {
            throw InvalidEmailException.tooLarge("message exceeds %d bytes".formatted(max));
        }
        return buffer;
    }

    /** The bytes read, shared with Jakarta Mail without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return count;
        }
    }

    /** A part with no parts of its own, as found in the tree. */
    private record Leaf(MimePart part, String path, String type, String charset, String disposition,
            String filename) {

        boolean isText() {
            return type.equals("text/plain") || type.equals("text/html");
        }

        boolean isMessage() {
            return type.equals("message/rfc822") || type.equals("message/global");
        }

        boolean markedAttachment() {
            return "attachment".equals(disposition);
        }

        /** Lower is a better body; -1 when it cannot be the body. */
        int bodyRank() {
            if (!isText() || markedAttachment()) {
                return -1;
            }
            return (filename == null ? 0 : 2) + (type.equals("text/plain") ? 0 : 1);
        }

        boolean isAttachment() {
            return markedAttachment() || filename != null || !isText();
        }

        String describe() {
            return path.isEmpty() ? "the message body" : "part " + path;
        }
    }

    /** One parse: the state of a single message. */
    private static final class Run {

        private final Buffer raw;
        private final EmailLimits limits;
        private final List<String> warnings = new ArrayList<>();
        private final List<Leaf> leaves = new ArrayList<>();
        private int partsSeen;

        Run(Buffer raw, EmailLimits limits) {
            this.raw = raw;
            this.limits = limits;
        }

        ParsedEmail parse() {
            try {
                var start = checkHeaderBlock();
                var message = new MimeMessage(SESSION,
                        new SharedByteArrayInputStream(raw.bytes(), start, raw.length() - start));
                var from = sender(message);
                var subject = subject(message);
                var date = date(message);
                var messageId = id(message, "Message-ID");
                var inReplyTo = id(message, "In-Reply-To");
                walk(message, "", 0);
                var body = leaves.stream()
                        .filter(leaf -> leaf.bodyRank() >= 0)
                        .min(Comparator.comparingInt(Leaf::bodyRank))
                        .orElse(null);
                var attachments = attachments(body);
                var text = body == null ? "" : bodyText(body);
                if (text.isEmpty()) {
                    warn("no text body");
                }
                return new ParsedEmail(messageId, inReplyTo, subject, from, date, text, attachments, warnings);
            } catch (InvalidEmailException e) {
                throw e;
            } catch (MessagingException | IOException e) {
                throw InvalidEmailException.malformed("the message could not be parsed: " + reason(e), e);
            } catch (RuntimeException e) {
                // Jakarta Mail reports some malformations with unchecked exceptions
                throw InvalidEmailException.malformed("the message could not be parsed: " + reason(e), e);
            }
        }

        // ---- header block -------------------------------------------------------------

        /**
         * Offset of the header block: after an mbox {@code From } line if the upload starts
         * with one. The first line must be a header field; other lines of the block that are
         * not are tolerated (Jakarta Mail keeps them under odd names we never read).
         */
        private int checkHeaderBlock() {
            var bytes = raw.bytes();
            var end = raw.length();
            if (end == 0) {
                throw InvalidEmailException.malformed("not an RFC 822 message: the upload is empty");
            }
            var start = 0;
            if (isMboxFromLine(bytes, 0, end)) {
                start = lineEnd(bytes, 0, end) + 1;
            }
            if (start >= end || !isHeaderField(bytes, start, end)) {
                throw InvalidEmailException.malformed("not an RFC 822 message: no header block");
            }
            var odd = 0;
            for (var line = start; line < end; line = lineEnd(bytes, line, end) + 1) {
                var first = bytes[line];
                if (first == '\n' || (first == '\r' && line + 1 < end && bytes[line + 1] == '\n')) {
                    break;
                }
                if (first != ' ' && first != '\t' && !isHeaderField(bytes, line, end)) {
                    odd++;
                }
            }
            if (odd > 0) {
                warn("%d header line(s) without a field name ignored".formatted(odd));
            }
            return start;
        }

        private static boolean isMboxFromLine(byte[] bytes, int from, int end) {
            if (end - from < 5 || bytes[from] != 'F' || bytes[from + 1] != 'r' || bytes[from + 2] != 'o'
                    || bytes[from + 3] != 'm' || bytes[from + 4] != ' ') {
                return false;
            }
            var k = from + 5;
            while (k < end && (bytes[k] == ' ' || bytes[k] == '\t')) {
                k++;
            }
            return k < end && bytes[k] != ':';
        }

        /** {@code name:} with a name of printable ASCII (obsolete white space before the colon allowed). */
        private static boolean isHeaderField(byte[] bytes, int from, int end) {
            var k = from;
            while (k < end && bytes[k] >= 33 && bytes[k] <= 126 && bytes[k] != ':') {
                k++;
            }
            if (k == from) {
                return false;
            }
            while (k < end && (bytes[k] == ' ' || bytes[k] == '\t')) {
                k++;
            }
            return k < end && bytes[k] == ':';
        }

        private static int lineEnd(byte[] bytes, int from, int end) {
            for (var k = from; k < end; k++) {
                if (bytes[k] == '\n') {
                    return k;
                }
            }
            return end;
        }

        // ---- headers ------------------------------------------------------------------

        private static String header(MimePart part, String name) throws MessagingException {
            return Texts.repairEightBit(part.getHeader(name, null));
        }

        private Sender sender(MimeMessage message) throws MessagingException {
            // not message.getFrom(): it falls back to Sender, and the brief is From or nothing
            var value = header(message, "From");
            if (value == null || value.isBlank()) {
                throw InvalidEmailException.malformed("no From address");
            }
            InternetAddress[] addresses;
            try {
                addresses = InternetAddress.parseHeader(MimeUtility.unfold(value), false);
            } catch (AddressException e) {
                throw InvalidEmailException.malformed(
                        "From header is not a parseable address: '%s'".formatted(Texts.quote(value)), e);
            }
            if (addresses.length == 0) {
                throw InvalidEmailException.malformed("no From address");
            }
            var first = addresses[0];
            var address = normaliseAddress(first.getAddress());
            if (address == null) {
                throw InvalidEmailException.malformed(
                        "From header has no valid address (local-part@domain): '%s'".formatted(Texts.quote(value)));
            }
            if (addresses.length > 1) {
                warn("From header has %d addresses; the first is taken as the sender".formatted(addresses.length));
            }
            var name = first.getPersonal() == null ? "" : Texts.singleLine(first.getPersonal());
            return new Sender(name.isEmpty() ? null : name, address);
        }

        private static final String SPECIALS = "()<>[]:;@\\,\"";

        /** {@code local@domain} with the domain lower-cased, or null if it is not one. */
        static String normaliseAddress(String address) {
            if (address == null) {
                return null;
            }
            var value = address.strip();
            var at = value.lastIndexOf('@');
            if (at <= 0 || at == value.length() - 1) {
                return null;
            }
            var local = value.substring(0, at);
            var domain = value.substring(at + 1);
            var quoted = local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"");
            if (!quoted && !plain(local)) {
                return null;
            }
            var literal = domain.startsWith("[") && domain.endsWith("]") && domain.length() > 2
                    && plain(domain.substring(1, domain.length() - 1));
            if (!literal) {
                if (domain.endsWith(".")) {
                    domain = domain.substring(0, domain.length() - 1);
                }
                if (!plain(domain) || domain.isEmpty() || domain.startsWith(".") || domain.contains("..")) {
                    return null;
                }
            }
            return local + "@" + domain.toLowerCase(Locale.ROOT);
        }

        private static boolean plain(String s) {
            return s.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp)
                    || SPECIALS.indexOf(cp) >= 0);
        }

        private String subject(MimeMessage message) throws MessagingException {
            var value = header(message, "Subject");
            var subject = value == null ? "" : Texts.singleLine(Texts.decodeHeaderText(value));
            if (subject.isEmpty()) {
                return ParsedEmail.NO_SUBJECT;
            }
            if (subject.length() > ParsedEmail.MAX_SUBJECT_CHARS) {
                warn("subject truncated to %d characters".formatted(ParsedEmail.MAX_SUBJECT_CHARS));
                return Texts.truncate(subject, ParsedEmail.MAX_SUBJECT_CHARS).strip();
            }
            return subject;
        }

        private Instant date(MimeMessage message) throws MessagingException {
            var value = header(message, "Date");
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return new MailDateFormat().parse(MimeUtility.unfold(value).strip()).toInstant();
            } catch (java.text.ParseException | RuntimeException e) {
                warn("Date header '%s' is not a valid date; ignored".formatted(Texts.quote(value)));
                return null;
            }
        }

        private static final int MAX_ID_CHARS = 998;

        private String id(MimeMessage message, String name) throws MessagingException {
            var value = header(message, name);
            if (value == null) {
                return null;
            }
            var id = Texts.singleLine(MimeUtility.unfold(value));
            if (id.length() > MAX_ID_CHARS) {
                warn("%s header truncated to %d characters".formatted(name, MAX_ID_CHARS));
                id = Texts.truncate(id, MAX_ID_CHARS);
            }
            return id.isEmpty() ? null : id;
        }

        // ---- MIME tree ----------------------------------------------------------------

        /**
         * Collects the leaves of the tree under {@code part}, which sits inside {@code depth}
         * multiparts. Limits are checked before each multipart is parsed.
         */
        private void walk(MimePart part, String path, int depth) throws MessagingException, IOException {
            var type = contentType(part, path);
            var baseType = type == null ? "application/octet-stream" : type.getBaseType().toLowerCase(Locale.ROOT);
            if (!baseType.startsWith("multipart/")) {
                leaves.add(leaf(part, path, baseType, type));
                return;
            }
            if (depth + 1 > limits.maxDepth()) {
                throw InvalidEmailException.tooManyParts(
                        "MIME parts are nested more than %d levels deep".formatted(limits.maxDepth()));
            }
            var boundary = type.getParameter("boundary");
            if (boundary == null || boundary.isEmpty()) {
                throw InvalidEmailException.malformed(
                        "%s is %s without a boundary parameter".formatted(describe(path), baseType));
            }
            var budget = limits.maxParts() - partsSeen;
            try (var in = rawStream(part)) {
                // n parts are delimited by n + 1 lines
                if (BoundaryScanner.countDelimiters(in, boundary, budget + 1) > budget + 1) {
                    throw tooManyParts();
                }
            }
            var multipart = new MimeMultipart(new MimePartDataSource(part));
            int count;
            try {
                count = multipart.getCount();
            } catch (MessagingException e) {
                throw InvalidEmailException.malformed("%s is %s but could not be split into parts with boundary '%s': %s"
                        .formatted(describe(path), baseType, Texts.quote(boundary), reason(e)), e);
            }
            if (!multipart.isComplete()) {
                warn("%s has no closing boundary; the message may be truncated".formatted(describe(path)));
            }
            for (var i = 0; i < count; i++) {
                if (++partsSeen > limits.maxParts()) {
                    throw tooManyParts();
                }
                var child = (MimeBodyPart) multipart.getBodyPart(i);
                walk(child, path.isEmpty() ? Integer.toString(i + 1) : path + "." + (i + 1), depth + 1);
            }
        }

        private InvalidEmailException tooManyParts() {
            return InvalidEmailException.tooManyParts(
                    "message has more than %d MIME parts".formatted(limits.maxParts()));
        }

        private static String describe(String path) {
            return path.isEmpty() ? "the message" : "part " + path;
        }

        /** RFC 2045: no header means text/plain. Null when the header cannot be read at all. */
        private ContentType contentType(MimePart part, String path) throws MessagingException {
            var value = header(part, "Content-Type");
            if (value == null || value.isBlank()) {
                return new ContentType("text", "plain", null);
            }
            value = MimeUtility.unfold(value);
            try {
                return new ContentType(value);
            } catch (ParseException e) {
                var semi = value.indexOf(';');
                try {
                    var bare = new ContentType(semi < 0 ? value : value.substring(0, semi));
                    warn("Content-Type of %s has unreadable parameters: '%s'".formatted(describe(path),
                            Texts.quote(value)));
                    return bare;
                } catch (ParseException again) {
                    warn("Content-Type of %s is unreadable ('%s'); treated as application/octet-stream"
                            .formatted(describe(path), Texts.quote(value)));
                    return null;
                }
            }
        }

        private Leaf leaf(MimePart part, String path, String baseType, ContentType type) throws MessagingException {
            var charset = type == null ? null : type.getParameter("charset");
            String disposition = null;
            String filename = null;
            var value = header(part, "Content-Disposition");
            if (value != null && !value.isBlank()) {
                value = MimeUtility.unfold(value);
                try {
                    var parsed = new ContentDisposition(value);
                    disposition = parsed.getDisposition();
                    filename = parsed.getParameter("filename");
                } catch (ParseException e) {
                    var semi = value.indexOf(';');
                    disposition = (semi < 0 ? value : value.substring(0, semi)).strip();
                    warn("Content-Disposition of %s is unreadable: '%s'".formatted(describe(path), Texts.quote(value)));
                }
            }
            if (filename == null && type != null) {
                filename = type.getParameter("name");
            }
            if (filename != null && filename.contains("=?")) {
                // RFC 2047 inside a parameter is not standard but what many mailers send
                filename = Texts.decodeHeaderText(filename);
            }
            if (filename != null && filename.isBlank()) {
                filename = null;
            }
            return new Leaf(part, path, baseType, charset,
                    disposition == null || disposition.isBlank() ? null : disposition.toLowerCase(Locale.ROOT),
                    filename);
        }

        // ---- content ------------------------------------------------------------------

        private static InputStream rawStream(MimePart part) throws MessagingException {
            return part instanceof MimeMessage message
                    ? message.getRawInputStream()
                    : ((MimeBodyPart) part).getRawInputStream();
        }

        /** The content with its transfer encoding removed; an unknown encoding is kept as sent. */
        private InputStream decodedStream(Leaf leaf) throws MessagingException {
            var raw = rawStream(leaf.part());
            String encoding;
            try {
                encoding = leaf.part().getEncoding();
            } catch (MessagingException e) {
                encoding = null;
            }
            if (encoding == null) {
                return raw;
            }
            try {
                return MimeUtility.decode(raw, encoding);
            } catch (MessagingException e) {
                warn("%s has an unknown Content-Transfer-Encoding '%s'; kept as sent"
                        .formatted(leaf.describe(), Texts.quote(encoding)));
                return raw;
            }
        }

        private String bodyText(Leaf body) throws MessagingException {
            byte[] bytes;
            try (var in = decodedStream(body)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw InvalidEmailException.malformed(
                        "the text body could not be decoded (%s); the message may be truncated".formatted(reason(e)),
                        e);
            }
            var text = decode(bytes, body.charset(), body);
            if (body.type().equals("text/html")) {
                text = HtmlText.toText(text);
                warn("HTML-only message: text extracted from HTML");
            }
            text = Texts.cleanBody(text);
            if (text.length() > limits.maxBodyChars()) {
                warn("body truncated to %d characters".formatted(limits.maxBodyChars()));
                text = Texts.truncate(text, limits.maxBodyChars());
            }
            return text;
        }

        /**
         * Bytes to text in the declared charset. ISO-8859-1 and US-ASCII labels are read as
         * windows-1252 and, when the bytes are valid UTF-8, as UTF-8 for US-ASCII or no label:
         * what mailers that mislabel mean, as browsers assume too.
         */
        private String decode(byte[] bytes, String label, Leaf leaf) {
            Charset charset = null;
            if (label != null && !label.isBlank()) {
                try {
                    charset = Charset.forName(MimeUtility.javaCharset(label.strip()));
                } catch (IllegalArgumentException e) {
                    warn("%s declares an unknown charset '%s'; decoded as UTF-8 or windows-1252"
                            .formatted(leaf.describe(), Texts.quote(label)));
                }
            }
            if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
                return utf8(bytes) != null ? utf8(bytes) : new String(bytes, Texts.WINDOWS_1252);
            }
            if (charset.equals(StandardCharsets.ISO_8859_1)) {
                charset = Texts.WINDOWS_1252;
            }
            CharsetDecoder decoder;
            try {
                decoder = charset.newDecoder();
            } catch (UnsupportedOperationException e) {
                return new String(bytes, Texts.WINDOWS_1252);
            }
            try {
                return decoder.onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, charset);
            }
        }

        private static String utf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }

        private List<Attachment> attachments(Leaf body) throws MessagingException {
            var chosen = leaves.stream().filter(leaf -> leaf != body && leaf.isAttachment()).toList();
            if (chosen.size() > limits.maxAttachments()) {
                throw InvalidEmailException.tooManyParts("message has %d attachments; the limit is %d"
                        .formatted(chosen.size(), limits.maxAttachments()));
            }
            var result = new ArrayList<Attachment>(chosen.size());
            for (var n = 1; n <= chosen.size(); n++) {
                result.add(attachment(chosen.get(n - 1), n));
            }
            return result;
        }

        private Attachment attachment(Leaf leaf, int n) throws MessagingException {
            var max = ParsedEmail.Attachment.MAX_FILENAME_CHARS;
            var name = Texts.sanitiseFilename(leaf.filename(), max);
            var label = name != null ? "'" + Texts.quote(name) + "'" : "%d (%s)".formatted(n, leaf.describe());
            var content = content(leaf, label);
            if (leaf.isMessage()) {
                name = forwardedName(content, n);
            } else if (name == null) {
                name = "attachment-" + n;
            }
            return Attachment.of(name, leaf.type(), content);
        }

        private byte[] content(Leaf leaf, String label) throws MessagingException {
            var max = limits.maxAttachmentBytes();
            try (var in = decodedStream(leaf)) {
                var out = new ByteArrayOutputStream();
                var chunk = new byte[8192];
                long total = 0;
                for (var k = in.read(chunk); k >= 0; k = in.read(chunk)) {
                    if (total + k <= max) {
                        out.write(chunk, 0, k);
                    }
                    total += k;
                }
                if (total > max) {
                    // counted to the end (bounded by the message size) so the client learns the size
                    throw InvalidEmailException.tooLarge(
                            "attachment %s is %d bytes; the limit is %d".formatted(label, total, max));
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw InvalidEmailException.malformed(
                        "attachment %s could not be decoded (%s); the message may be truncated"
                                .formatted(label, reason(e)), e);
            }
        }

        /** {@code <subject>.eml} of a forwarded message, else {@code forwarded-N.eml}. */
        private static String forwardedName(byte[] content, int n) {
            String subject = null;
            try {
                var value = new InternetHeaders(new ByteArrayInputStream(content)).getHeader("Subject", null);
                if (value != null) {
                    subject = Texts.singleLine(Texts.decodeHeaderText(Texts.repairEightBit(value)))
                            .replace('/', '_')
                            .replace('\\', '_');
                }
            } catch (MessagingException | RuntimeException e) {
                subject = null;
            }
            var max = ParsedEmail.Attachment.MAX_FILENAME_CHARS - ".eml".length();
            var base = Texts.sanitiseFilename(subject, max);
            return (base == null ? "forwarded-" + n : base) + ".eml";
        }

        private void warn(String warning) {
            if (!warnings.contains(warning)) {
                warnings.add(warning);
            }
        }

        private static String reason(Throwable e) {
            var message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : Texts.quote(message);
        }
    }
}
