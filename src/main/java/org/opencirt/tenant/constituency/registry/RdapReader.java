package org.opencirt.tenant.constituency.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opencirt.common.Mailboxes;

/**
 * Reads RDAP answers (RFC 9083) into the organisations of a constituent directory: {@code ip network} and
 * {@code autnum} objects with their registrant (the organisation, keyed by its handle) and abuse contact (an
 * entity with the role {@code abuse}, on the answer or nested one level down, usually in the registrant).
 *
 * <p>The input is one answer, a JSON array of answers, or one answer per line; RIR search results
 * ({@code ipSearchResults}, {@code autnumSearchResults}) are read as their answers. The input is streamed and
 * each answer read whole; invalid JSON stops the read with the line and column, quoting nothing.
 */
public final class RdapReader {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_STRING = 1024 * 1024;
    private static final int MAX_ASNS_PER_ANSWER = 1024;
    private static final Set<String> OTHER_CLASSES = Set.of("entity", "domain", "nameserver");

    private final RegistryLimits limits;
    private final ObjectMapper mapper;

    /** A reader with {@link RegistryLimits#DEFAULTS}. */
    public RdapReader() {
        this(RegistryLimits.DEFAULTS);
    }

    /**
     * A reader that stops with a {@link RegistryFormatException} beyond these limits: bytes, answers (objects),
     * entities in one answer (attributes per object), organisations. The line length is not used.
     */
    public RdapReader(RegistryLimits limits) {
        this.limits = limits;
        this.mapper = JsonMapper.builder().build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING)
                        .build());
    }

    /**
     * Reads every answer, every country. The stream is read to its end, not closed.
     *
     * @throws RegistryFormatException for invalid JSON (line and column) or beyond a limit (line and limit)
     */
    public RegistryImport read(InputStream in) throws IOException {
        return new Parse(Set.of()).run(in);
    }

    /**
     * Reads the answers keeping only the networks and ASNs of these countries (ISO 3166 alpha-2 codes, any
     * case). One without {@code country} takes the registrant's address's {@code cc}; one with neither is left out.
     *
     * @throws IllegalArgumentException when {@code countries} is empty or holds something else than a code
     * @throws RegistryFormatException for invalid JSON (line and column) or beyond a limit (line and limit)
     */
    public RegistryImport read(InputStream in, Set<String> countries) throws IOException {
        return new Parse(RpslReader.codes(countries)).run(in);
    }

    /** Thrown by the input when it goes beyond {@code maxBytes}; turned into a {@link RegistryFormatException}. */
    private static final class TooManyBytes extends IOException {
        TooManyBytes() {
            super("too many bytes");
        }
    }

    /** The input, counting bytes. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b < 0 ? b : counted(b, 1);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            return n <= 0 ? n : counted(n, n);
        }

        private int counted(int result, int bytes) throws TooManyBytes {
            count += bytes;
            if (count > max) {
                throw new TooManyBytes();
            }
            return result;
        }
    }

    /** The state of one read. */
    private final class Parse {
        private final Set<String> countries;
        private final ImportLog log = new ImportLog(limits.maxWarnings());
        private final Organisations organisations;

        Parse(Set<String> countries) {
            this.countries = countries;
            this.organisations = new Organisations(limits.maxOrganisations(), log);
        }

        RegistryImport run(InputStream in) throws IOException {
            JsonParser parser = null;
            try {
                parser = mapper.createParser(new Limited(in, limits.maxBytes()));
                answers(parser);
            } catch (TooManyBytes e) {
                throw RegistryFormatException.limit(line(parser), "maxBytes", limits.maxBytes(), "bytes");
            } catch (StreamConstraintsException e) {
                throw new RegistryFormatException(
                        line(parser), column(parser), null, "JSON nested too deeply or with too long a value");
            } catch (JsonProcessingException e) {
                var at = e.getLocation();
                throw at != null
                        ? new RegistryFormatException(at.getLineNr(), at.getColumnNr(), null, "not valid JSON")
                        : new RegistryFormatException(line(parser), column(parser), null, "not valid JSON");
            } finally {
                if (parser != null) {
                    parser.close();
                }
            }
            return log.result(organisations.result());
        }

        /** Every answer: top-level objects, or the elements of top-level arrays. */
        private void answers(JsonParser parser) throws IOException {
            for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_ARRAY) {
                    for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                        value(parser, token);
                    }
                } else {
                    value(parser, token);
                }
            }
        }

        private static long line(JsonParser parser) {
            return parser == null ? 1 : parser.currentLocation().getLineNr();
        }

        private static long column(JsonParser parser) {
            return parser == null ? 0 : parser.currentLocation().getColumnNr();
        }

        private void value(JsonParser parser, JsonToken token) throws IOException {
            long line = parser.currentTokenLocation().getLineNr();
            if (token == null) {
                throw new RegistryFormatException(line, 0, null, "not valid JSON: the input ends inside an array");
            }
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                count(line);
                log.skipped++;
                log.warn(line, "a JSON value that is not an RDAP answer: skipped");
                return;
            }
            answer(mapper.readTree(parser), line);
        }

        private void count(long line) throws RegistryFormatException {
            if (++log.objects > limits.maxObjects()) {
                throw RegistryFormatException.limit(line, "maxObjects", limits.maxObjects(), "answers");
            }
        }

        private void answer(JsonNode answer, long line) throws RegistryFormatException {
            for (var results : List.of("ipSearchResults", "autnumSearchResults")) {
                if (answer.path(results).isArray()) {
                    for (var each : answer.get(results)) {
                        answer(each, line);
                    }
                    return;
                }
            }
            count(line);
            var kind = answer.path("objectClassName").asText("");
            switch (kind) {
                case "ip network" -> network(answer, line);
                case "autnum" -> autnum(answer, line);
                default -> {
                    log.skipped++;
                    if (answer.has("errorCode")) {
                        log.warn(line, "an RDAP error answer: skipped");
                    } else {
                        log.warn(
                                line,
                                "an answer of class %s: skipped, not read"
                                        .formatted(
                                                OTHER_CLASSES.contains(kind)
                                                        ? kind
                                                        : "other than ip network or autnum"));
                    }
                }
            }
        }

        private void network(JsonNode answer, long line) throws RegistryFormatException {
            var blocks = cidr0(answer);
            if (blocks.isEmpty()) {
                blocks = Resources.range(
                        answer.path("startAddress").asText(""),
                        answer.path("endAddress").asText(""));
            }
            if (blocks.isEmpty()) {
                log.skipped++;
                log.warn(line, "ip network whose addresses are not valid: skipped");
                return;
            }
            member(answer, line, blocks, List.of());
        }

        /** The blocks of the {@code cidr0_cidrs} extension, or an empty list when absent or not all valid. */
        private static List<String> cidr0(JsonNode answer) {
            var blocks = new ArrayList<String>();
            for (var cidr : answer.path("cidr0_cidrs")) {
                var prefix = cidr.has("v4prefix") ? cidr.path("v4prefix") : cidr.path("v6prefix");
                var length = cidr.path("length");
                var block = prefix.isTextual() && length.canConvertToInt()
                        ? Resources.prefix(prefix.asText() + "/" + length.asInt())
                        : null;
                if (block == null) {
                    return List.of();
                }
                blocks.add(block);
            }
            return blocks;
        }

        private void autnum(JsonNode answer, long line) throws RegistryFormatException {
            var start = answer.path("startAutnum");
            var end = answer.has("endAutnum") ? answer.path("endAutnum") : start;
            long first = start.canConvertToLong() ? start.asLong() : -1;
            long last = end.canConvertToLong() ? end.asLong() : -1;
            if (Resources.asn(first) == null || Resources.asn(last) == null || last < first) {
                log.skipped++;
                log.warn(line, "autnum whose numbers are not valid: skipped");
                return;
            }
            if (last - first >= MAX_ASNS_PER_ANSWER) {
                log.skipped++;
                log.warn(line, "autnum block of more than %d AS numbers: skipped".formatted(MAX_ASNS_PER_ANSWER));
                return;
            }
            var asns = new ArrayList<String>();
            for (long n = first; n <= last; n++) {
                asns.add(Resources.asn(n));
            }
            member(answer, line, List.of(), asns);
        }

        private void member(JsonNode answer, long line, List<String> networks, List<String> asns)
                throws RegistryFormatException {
            var entities = answer.path("entities");
            if (entities(entities) > limits.maxAttributesPerObject()) {
                throw RegistryFormatException.limit(
                        line, "maxAttributesPerObject", limits.maxAttributesPerObject(), "entities in one answer");
            }
            var registrant = registrant(entities);
            var country = Resources.country(text(answer, "country"));
            var orgCountry = registrant == null ? null : Resources.country(addressCountry(registrant));
            var effective = country != null ? country : orgCountry;
            if (!countries.isEmpty() && (effective == null || !countries.contains(effective))) {
                log.filteredOut++;
                return;
            }
            log.networks += networks.isEmpty() ? 0 : 1;
            log.asns += asns.size();
            var name = text(answer, "name");
            organisations.add(new Organisations.Member(
                    line,
                    registrant == null ? null : handle(registrant),
                    registrant == null ? null : organisationName(registrant),
                    orgCountry,
                    name != null ? name : text(answer, "handle"),
                    country,
                    abuse(entities),
                    networks,
                    asns));
        }

        /** A member's text, or null when absent, blank or not text. */
        private static String text(JsonNode node, String field) {
            var value = node.path(field);
            return value.isTextual() && !value.asText().isBlank()
                    ? value.asText().strip()
                    : null;
        }

        /** The entities of an answer and those nested in them, counted. */
        private static int entities(JsonNode entities) {
            int count = 0;
            for (var e : entities) {
                count += 1 + entities(e.path("entities"));
            }
            return count;
        }

        /** The abuse entity's mailbox: one on the answer, else one nested in another entity, else none. */
        private static Organisations.Contact abuse(JsonNode entities) {
            for (var e : entities) {
                var mailbox = abuseMailbox(e);
                if (mailbox != null) {
                    return new Organisations.Contact(mailbox, ContactSource.ABUSE_ENTITY, handle(e));
                }
            }
            for (var e : entities) {
                for (var nested : e.path("entities")) {
                    var mailbox = abuseMailbox(nested);
                    if (mailbox != null) {
                        return new Organisations.Contact(mailbox, ContactSource.NESTED_ABUSE_ENTITY, handle(nested));
                    }
                }
            }
            return Organisations.Contact.NONE;
        }

        private static String abuseMailbox(JsonNode entity) {
            if (!hasRole(entity, "abuse")) {
                return null;
            }
            return Jcard.values(entity, "email").stream()
                    .filter(Mailboxes::valid)
                    .findFirst()
                    .orElse(null);
        }

        private static String handle(JsonNode entity) {
            return Resources.handle(text(entity, "handle"));
        }

        /**
         * The registrant that is an organisation (jCard kind {@code org}), else the first registrant: some
         * registries list maintainers as registrants too.
         */
        private static JsonNode registrant(JsonNode entities) {
            JsonNode first = null;
            for (var e : entities) {
                if (hasRole(e, "registrant")) {
                    if (Jcard.values(e, "kind").contains("org")) {
                        return e;
                    }
                    first = first == null ? e : first;
                }
            }
            return first;
        }

        private static boolean hasRole(JsonNode entity, String role) {
            for (var r : entity.path("roles")) {
                if (role.equalsIgnoreCase(r.asText())) {
                    return true;
                }
            }
            return false;
        }

        /** The registrant's organisation name ({@code org}), else its formatted name ({@code fn}). */
        private static String organisationName(JsonNode registrant) {
            var org = Jcard.values(registrant, "org");
            if (!org.isEmpty()) {
                return org.getFirst();
            }
            var fn = Jcard.values(registrant, "fn");
            return fn.isEmpty() ? null : fn.getFirst();
        }

        private static String addressCountry(JsonNode entity) {
            return Jcard.parameter(entity, "adr", "cc");
        }
    }
}
